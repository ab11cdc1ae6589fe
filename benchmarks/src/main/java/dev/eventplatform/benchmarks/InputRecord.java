package dev.eventplatform.benchmarks;

/** One record to pre-load: the contract id of its topic, its key and its JSON value. */
record InputRecord(String topicId, String key, byte[] value) {}
