package dev.eventplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.eventplatform.config.Settings;
import dev.eventplatform.kafka.Topic;
import dev.eventplatform.kafka.Topics;
import dev.eventplatform.model.ContractEvent;
import dev.eventplatform.model.chat.ChatMessage;
import dev.eventplatform.model.chat.Delivery;
import dev.eventplatform.model.chat.Receipt;
import dev.eventplatform.model.chat.ReceiptStatus;
import dev.eventplatform.serde.EventJson;
import dev.eventplatform.serde.EventReader;
import dev.eventplatform.serde.ParsedRecord;
import dev.eventplatform.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The simulator as a program, against a real Kafka broker. */
class SimulatorIT {

  @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

  private static final Topic<?>[] INPUTS = {
    Topics.DRIVER_LOCATIONS,
    Topics.DRIVER_STATUS,
    Topics.RIDE_REQUESTS,
    Topics.PRICING_CONTEXT,
    Topics.CONTENT_CATALOG,
    Topics.VIEWING_EVENTS,
    Topics.PLAYBACK_HEARTBEATS,
    Topics.CHAT_MESSAGES,
    Topics.PRESENCE,
    Topics.GROUP_MEMBERSHIP,
    Topics.RECEIPTS
  };

  @Test
  void boundedRunWritesContractEventsAndTheConfiguredShareOfMalformedRecords() {
    Map<String, String> names = createTopics("bounded");

    Progress progress =
        Simulator.run(
            config(names, "--rate", "400", "--max-events", "2000", "--malformed-share", "0.05"));

    assertThat(progress.sent()).isEqualTo(2_000);
    assertThat(progress.sendFailures()).isZero();
    long valid = 0;
    long malformed = 0;
    for (Topic<?> topic : INPUTS) {
      List<ConsumerRecord<String, byte[]>> records = KAFKA.readAllRecords(names.get(topic.id()));
      assertThat((long) records.size())
          .as(topic.id())
          .isEqualTo(progress.sentByTopic().getOrDefault(topic.id(), 0L));
      EventReader<?> reader = readerFor(topic);
      for (ConsumerRecord<String, byte[]> record : records) {
        ParsedRecord<?> parsed =
            reader.read(record.topic(), record.partition(), record.offset(), record.value());
        if (parsed.isEvent()) {
          valid++;
          assertThat(record.key()).isEqualTo(keyOf(topic, parsed.event()));
        } else {
          malformed++;
        }
      }
    }
    assertThat(malformed).isEqualTo(progress.malformed()).isBetween(50L, 160L);
    assertThat(valid).isEqualTo(2_000 - progress.malformed());
    assertThat(valid + malformed).isEqualTo(2_000);
    // Two seconds of a fresh world: the messenger is still busy connecting users and filling
    // groups; its messages are the next test's subject.
    assertThat(progress.sentByTopic().keySet())
        .contains(
            "driver-locations",
            "driver-status",
            "content-catalog",
            "playback-heartbeats",
            "presence");
  }

  @Test
  void clientsOpenWhatIsDeliveredThroughKafkaAndAcknowledgeIt() throws Exception {
    Map<String, String> names = createTopics("loop");
    SimulatorConfig config =
        config(
            names,
            "--domains",
            "chat",
            "--rate",
            "20",
            "--duration",
            "15 s",
            "--malformed-share",
            "0");

    CompletableFuture<Progress> run = CompletableFuture.supplyAsync(() -> Simulator.run(config));
    Set<String> delivered = routeDirectMessagesUntil(run, names);
    Progress progress = run.get();

    MessengerWorld messenger = progress.simulation().messenger();
    assertThat(delivered).hasSizeGreaterThan(20);
    assertThat(messenger.decryptFailures()).isZero();
    // The last deliveries may arrive after the simulator stopped reading.
    assertThat(messenger.deliveriesOpened())
        .isBetween(delivered.size() * 7L / 10, (long) delivered.size());
    List<Receipt> receipts = KAFKA.readAll(Topics.RECEIPTS, names.get(Topics.RECEIPTS.id()));
    // Receipts share the rate with everything else, so the last ones may still wait when the run
    // ends; each one sent answers a delivered message, from its recipient to its sender.
    assertThat(receipts).isNotEmpty();
    assertThat(receipts)
        .allSatisfy(
            receipt ->
                assertThat(delivered)
                    .contains(receipt.messageId() + " " + receipt.to() + "->" + receipt.from()));
    assertThat(
            receipts.stream()
                .filter(receipt -> receipt.status() == ReceiptStatus.DELIVERED)
                .count())
        .isLessThanOrEqualTo(messenger.deliveriesOpened());
  }

  /**
   * Stands in for message-routing: hands every 1:1 message to its recipient on gateway gw-1, as
   * soon as it is written, until the simulator stops.
   *
   * @return what was delivered, as "messageId sender->recipient"
   */
  private static Set<String> routeDirectMessagesUntil(
      CompletableFuture<Progress> run, Map<String, String> names) {
    EventReader<ChatMessage> reader = new EventReader<>(ChatMessage.class, "test-router");
    ObjectWriter writer = EventJson.newMapper().writerFor(Delivery.class);
    Set<String> delivered = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> messages = new KafkaConsumer<>(routerProperties());
        KafkaProducer<byte[], byte[]> deliveries = new KafkaProducer<>(routerProperties())) {
      String messageTopic = names.get(Topics.CHAT_MESSAGES.id());
      List<TopicPartition> partitions =
          messages.partitionsFor(messageTopic).stream()
              .map(info -> new TopicPartition(messageTopic, info.partition()))
              .toList();
      messages.assign(partitions);
      messages.seekToBeginning(partitions);
      while (!run.isDone()) {
        for (ConsumerRecord<byte[], byte[]> record : messages.poll(Duration.ofMillis(100))) {
          ParsedRecord<ChatMessage> parsed =
              reader.read(record.topic(), record.partition(), record.offset(), record.value());
          if (parsed.isEvent() && parsed.event().to() != null) {
            ChatMessage message = parsed.event();
            Delivery delivery =
                new Delivery(
                    message.messageId(),
                    message.from(),
                    message.to(),
                    null,
                    message.ciphertext(),
                    "gw-1",
                    message.ts());
            deliveries.send(
                new ProducerRecord<>(
                    names.get(Topics.DELIVERIES.id()),
                    "gw-1".getBytes(StandardCharsets.UTF_8),
                    writer.writeValueAsBytes(delivery)));
            delivered.add(message.messageId() + " " + message.from() + "->" + message.to());
          }
        }
        deliveries.flush();
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return delivered;
  }

  private static Properties routerProperties() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", KAFKA.bootstrapServers());
    properties.put("key.serializer", ByteArraySerializer.class.getName());
    properties.put("value.serializer", ByteArraySerializer.class.getName());
    properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
    properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
    return properties;
  }

  private static Map<String, String> createTopics(String testName) {
    List<Topic<?>> topics = new ArrayList<>(List.of(INPUTS));
    topics.add(Topics.RIDE_MATCHES);
    topics.add(Topics.DELIVERIES);
    return KAFKA.createTopics(testName, topics.toArray(Topic<?>[]::new));
  }

  private static SimulatorConfig config(Map<String, String> names, String... options) {
    List<String> args =
        new ArrayList<>(List.of("--bootstrap", KAFKA.bootstrapServers(), "--seed", "3"));
    names.forEach((id, name) -> args.addAll(List.of("--topic." + id, name)));
    args.addAll(List.of(options));
    return SimulatorConfig.from(Settings.fromArgs(args.toArray(String[]::new)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static EventReader<?> readerFor(Topic<?> topic) {
    return new EventReader(topic.type().asSubclass(ContractEvent.class), "test");
  }

  @SuppressWarnings("unchecked")
  private static String keyOf(Topic<?> topic, Object event) {
    return ((Topic<Object>) topic).keyOf(event);
  }
}
