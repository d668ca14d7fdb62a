-- A wait ends with its event (docs/waitlist.md): when an event is cancelled, or starts, its
-- waiting entries expire (the cancel's batch, and the cron sweep for a start), so the people are
-- told and the sign-up details each entry kept are cleared instead of staying on a list that
-- will never move. The guard of 0016 gains waiting → expired (shared/src/waitlist.ts).
DROP TRIGGER `waitlist_transition_guard`;--> statement-breakpoint
CREATE TRIGGER `waitlist_transition_guard` BEFORE UPDATE OF `status` ON `waitlist_entries`
  WHEN OLD.`status` <> NEW.`status` AND NOT (
    (OLD.`status` = 'waiting' AND NEW.`status` IN ('offered', 'left', 'expired'))
    OR (OLD.`status` = 'offered' AND NEW.`status` IN ('accepted', 'expired', 'declined', 'left')))
BEGIN
  SELECT RAISE(ABORT, 'waitlist: transition not allowed');
END;
