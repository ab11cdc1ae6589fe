package dev.eventplatform.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until topics are served. A broker's port opens, and topic creation returns, before the
 * partitions have leaders: writing to a partition whose leader is still being elected made a
 * producer retry batches out of order and the broker refused some for good ({@code
 * OutOfOrderSequenceException}), after a broker restart a producer got {@code
 * NOT_LEADER_OR_FOLLOWER} and then {@code OUT_OF_ORDER_SEQUENCE_NUMBER} on every retry until it
 * gave up, a bulk load once had a partition's batches expire after two minutes, and describing a
 * topic that early can fail with {@code UnknownTopicOrPartitionException}. Metadata naming a leader
 * is not enough; a leader that answers a list-offsets request is.
 *
 * <p>It lives here, not in test support, because the launcher's broker waits with it before it
 * reports ready, as the tests and benchmarks do after creating topics.
 */
public final class PartitionLeaders {

  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private PartitionLeaders() {}

  /** Returns once every partition of {@code topicNames} has a leader that answers. */
  public static void await(Admin admin, Collection<String> topicNames)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        endOffsets(admin, topicNames);
        return;
      } catch (ExecutionException | TimeoutException e) {
        boolean retriable =
            e instanceof TimeoutException || e.getCause() instanceof RetriableException;
        if (!retriable || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** The end offset of every partition of {@code topicNames}, asked of each partition's leader. */
  public static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topicNames)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicDescription description :
        admin.describeTopics(topicNames).allTopicNames().get().values()) {
      for (TopicPartitionInfo partition : description.partitions()) {
        if (partition.leader() == null || partition.leader().isEmpty()) {
          throw new ExecutionException(
              new LeaderNotAvailableException("no leader yet for " + description.name()));
        }
        latest.put(
            new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(10, TimeUnit.SECONDS)
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }
}
