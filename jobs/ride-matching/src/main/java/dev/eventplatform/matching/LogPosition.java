package dev.eventplatform.matching;

/** The end offset of one partition of a topic the job publishes outcomes to, at a checkpoint. */
public record LogPosition(String topic, int partition, long offset) {}
