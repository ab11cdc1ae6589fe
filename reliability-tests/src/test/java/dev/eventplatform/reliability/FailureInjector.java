package dev.eventplatform.reliability;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;

/**
 * Passes records through unchanged, but makes the task fail mid-stream: on each of the first {@code
 * failures} attempts of subtask 0, it throws at the first record after it has passed {@code
 * everyRecords} records AND seen a checkpoint complete in that attempt, so every restart is a
 * restore from a real checkpoint with input still flowing.
 *
 * <p>The count of failures survives restarts without any state of its own: Flink numbers each
 * attempt of a task ({@code getAttemptNumber()}), and attempts 0 to {@code failures - 1} fail.
 */
final class FailureInjector<T> extends RichMapFunction<T, T> implements CheckpointListener {

  private final int failures;
  private final long everyRecords;

  private transient boolean armed;
  private transient long seen;
  private transient boolean checkpointCompleted;

  /** Fixed-delay restarts, enough to ride out {@code failures} injected failures and a spare. */
  static Configuration restartsFor(int failures) {
    Configuration conf = new Configuration();
    conf.setString("restart-strategy.type", "fixed-delay");
    conf.setString("restart-strategy.fixed-delay.attempts", String.valueOf(failures + 2));
    conf.setString("restart-strategy.fixed-delay.delay", "100 ms");
    return conf;
  }

  FailureInjector(int failures, long everyRecords) {
    this.failures = failures;
    this.everyRecords = everyRecords;
  }

  @Override
  public void open(OpenContext openContext) {
    var task = getRuntimeContext().getTaskInfo();
    armed = task.getIndexOfThisSubtask() == 0 && task.getAttemptNumber() < failures;
  }

  @Override
  public T map(T record) {
    if (armed && ++seen > everyRecords && checkpointCompleted) {
      throw new InjectedFailure(
          "injected failure on attempt "
              + getRuntimeContext().getTaskInfo().getAttemptNumber()
              + " after "
              + seen
              + " records");
    }
    return record;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointCompleted = true;
  }

  /**
   * The failure this injector throws, told apart from a real one in the job's exception history.
   */
  static final class InjectedFailure extends RuntimeException {
    InjectedFailure(String message) {
      super(message);
    }
  }
}
