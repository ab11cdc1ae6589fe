package dev.eventplatform.job;

import dev.eventplatform.config.PlatformConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Creates the execution environment of a job. Only what the job's correctness depends on is set
 * here; everything about the cluster (state backend, checkpoint storage, restart strategy) comes
 * from the cluster's configuration ({@code flink-conf/}).
 */
public final class JobEnvironment {

  private JobEnvironment() {}

  public static StreamExecutionEnvironment create(PlatformConfig config) {
    Configuration conf = new Configuration();
    // Exactly-once outputs commit on checkpoints: a job without them would never publish.
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    // Every event type is an immutable record, so operators may share instances safely.
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    // A type that silently falls back to Kryo is slow and breaks savepoint compatibility: fail
    // early.
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    return StreamExecutionEnvironment.getExecutionEnvironment(conf);
  }
}
