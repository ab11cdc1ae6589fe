package dev.eventplatform.model.chat;

/** A change of group membership. */
public enum MembershipAction {
  JOIN,
  LEAVE
}
