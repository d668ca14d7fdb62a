-- Issue 8, part 4: the waiting list (候补), docs/waitlist.md.
-- When an event's general pool is full, people join its waiting list in order (`position`). A
-- freed general seat is OFFERED to the next waiting person for 12 hours; the offer HOLDS the seat:
-- `events.offered_count` (kept by the triggers below, in the statement that offers, accepts,
-- declines, expires or leaves) is added to the general pool's taken seats wherever a sign-up or a
-- walk-in decides (api/src/seats/pools.ts), so nobody else can take an offered seat.
-- The person's sign-up details are kept only while the entry is open (waiting/offered): they are
-- what the registration is made of on accept, and are cleared when the entry closes.
ALTER TABLE `events` ADD `offered_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE TABLE `waitlist_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text,
	`phone` text,
	`category` text NOT NULL,
	`organization` text,
	`status` text DEFAULT 'waiting' NOT NULL,
	`offered_at` text,
	`offer_expires_at` text,
	`registration_id` text,
	`changed_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "waitlist_status" CHECK("waitlist_entries"."status" IN ('waiting', 'offered', 'accepted', 'expired', 'declined', 'left')),
	CONSTRAINT "waitlist_offer" CHECK("waitlist_entries"."status" <> 'offered' OR "waitlist_entries"."offer_expires_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_event_position` ON `waitlist_entries` (`event_id`,`position`);--> statement-breakpoint
-- One open entry (waiting or offered) per person per event, enforced by the database itself.
CREATE UNIQUE INDEX `waitlist_open_person` ON `waitlist_entries` (`event_id`,`participant_id`) WHERE `status` IN ('waiting', 'offered');--> statement-breakpoint
CREATE INDEX `waitlist_event_status` ON `waitlist_entries` (`event_id`,`status`,`position`);--> statement-breakpoint
-- The sweep's offers read the waiting entries of every event in order without a scan.
CREATE INDEX `waitlist_waiting` ON `waitlist_entries` (`event_id`,`position`) WHERE `status` = 'waiting';--> statement-breakpoint
CREATE INDEX `waitlist_offers_due` ON `waitlist_entries` (`offer_expires_at`) WHERE `status` = 'offered';--> statement-breakpoint
CREATE INDEX `waitlist_participant` ON `waitlist_entries` (`participant_id`,`created_at`);--> statement-breakpoint
-- The trail: every change of an entry's status, by whom ('participant', 'system' or a staff id).
CREATE TABLE `waitlist_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` text NOT NULL,
	`event_id` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`by` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `waitlist_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `waitlist_events_entry` ON `waitlist_events` (`entry_id`,`id`);--> statement-breakpoint
-- The allowed transitions (shared/src/waitlist.ts WAITLIST_TRANSITIONS); anything else aborts.
CREATE TRIGGER `waitlist_transition_guard` BEFORE UPDATE OF `status` ON `waitlist_entries`
  WHEN OLD.`status` <> NEW.`status` AND NOT (
    (OLD.`status` = 'waiting' AND NEW.`status` IN ('offered', 'left'))
    OR (OLD.`status` = 'offered' AND NEW.`status` IN ('accepted', 'expired', 'declined', 'left')))
BEGIN
  SELECT RAISE(ABORT, 'waitlist: transition not allowed');
END;--> statement-breakpoint
CREATE TRIGGER `waitlist_trail_insert` AFTER INSERT ON `waitlist_entries`
BEGIN
  INSERT INTO `waitlist_events` (`entry_id`, `event_id`, `from_status`, `to_status`, `by`, `at`)
    VALUES (NEW.`id`, NEW.`event_id`, NULL, NEW.`status`, NEW.`changed_by`, NEW.`updated_at`);
END;--> statement-breakpoint
CREATE TRIGGER `waitlist_trail_update` AFTER UPDATE OF `status` ON `waitlist_entries` WHEN OLD.`status` <> NEW.`status`
BEGIN
  INSERT INTO `waitlist_events` (`entry_id`, `event_id`, `from_status`, `to_status`, `by`, `at`)
    VALUES (NEW.`id`, NEW.`event_id`, OLD.`status`, NEW.`status`, NEW.`changed_by`, NEW.`updated_at`);
END;--> statement-breakpoint
-- Outstanding offers per event: each holds a seat of the general pool.
CREATE TRIGGER `waitlist_offer_held` AFTER UPDATE OF `status` ON `waitlist_entries`
  WHEN OLD.`status` <> 'offered' AND NEW.`status` = 'offered'
BEGIN
  UPDATE `events` SET `offered_count` = `offered_count` + 1 WHERE `id` = NEW.`event_id`;
END;--> statement-breakpoint
CREATE TRIGGER `waitlist_offer_released` AFTER UPDATE OF `status` ON `waitlist_entries`
  WHEN OLD.`status` = 'offered' AND NEW.`status` <> 'offered'
BEGIN
  UPDATE `events` SET `offered_count` = `offered_count` - 1 WHERE `id` = OLD.`event_id`;
END;
