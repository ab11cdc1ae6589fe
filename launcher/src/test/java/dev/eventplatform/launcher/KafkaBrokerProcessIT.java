package dev.eventplatform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's broker is ready when it says it is: a client that writes to every partition as
 * soon as {@code start} and {@code createTopics} return, and is allowed no retry, has every record
 * accepted, on a fresh data folder and again after a restart on the same folder. Its port opens
 * before the partitions have leaders, so waiting for the port alone fails this.
 */
class KafkaBrokerProcessIT {

  private static final int PARTITIONS = 2;

  @Test
  void acceptsWritesToEveryPartitionAsSoonAsItIsStartedOrRestarted(@TempDir Path dataDir)
      throws Exception {
    PlatformLayout layout = PlatformLayout.fromSystemProperty();
    int port = Ports.anyFree();
    int controllerPort = Ports.anyFree();

    KafkaBrokerProcess broker =
        KafkaBrokerProcess.start(layout, dataDir, port, controllerPort, PARTITIONS);
    try {
      broker.createTopics(Topics.ALL, PARTITIONS);
      assertThat(writeOncePerPartition(broker)).hasSize(Topics.ALL.size() * PARTITIONS);
    } finally {
      broker.stop();
    }

    KafkaBrokerProcess restarted =
        KafkaBrokerProcess.start(layout, dataDir, port, controllerPort, PARTITIONS);
    try {
      assertThat(writeOncePerPartition(restarted))
          .hasSize(Topics.ALL.size() * PARTITIONS)
          // The records written before the restart are still there: the data folder was reused.
          .allSatisfy(written -> assertThat(written.offset()).isEqualTo(1));
    } finally {
      restarted.stop();
    }
  }

  /**
   * Writes one record to each partition of every contract topic with retries off, so that a
   * partition without a serving leader fails the write instead of being waited out.
   */
  private static List<RecordMetadata> writeOncePerPartition(KafkaBrokerProcess broker)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ProducerConfig.RETRIES_CONFIG,
                0,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                false,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                10_000),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      for (Topic<?> topic : Topics.ALL) {
        for (int partition = 0; partition < PARTITIONS; partition++) {
          sends.add(
              producer.send(
                  new ProducerRecord<>(
                      topic.id(), partition, null, "ready".getBytes(StandardCharsets.UTF_8))));
        }
      }
      List<RecordMetadata> written = new ArrayList<>();
      for (Future<RecordMetadata> send : sends) {
        written.add(send.get());
      }
      return written;
    }
  }
}
