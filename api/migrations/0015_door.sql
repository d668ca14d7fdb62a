-- Issue 8, part 5 and 6: at the door for people not on the list, and the lists that leave the system.
-- * registrations.source: 'signup' (the public form) or 'walk_in' (现场登记 by staff at the door).
--   A walk-in has no account: its participant is a row of its own with no phone and no openid,
--   created in the same batch, so nobody can ever log in as it and registrations.participant_id
--   stays NOT NULL (docs/door.md).
-- * events.walk_in_count: active walk-ins, kept by triggers in the same statement as the
--   insert/cancellation (like registered_count in 0001), so the dashboard reads it for free.
-- * checkins.manual_reason: a manual check-in (手动签到, no ticket scanned) and why; shown in the log.
-- * registrations_event_phone4: door search by the last four digits of the phone reads only the
--   event's matching rows (an index on the expression the query uses).
-- * export_audit: one row per full (unmasked) export, written in the batch that reads the data.
ALTER TABLE `registrations` ADD `source` text DEFAULT 'signup' NOT NULL CONSTRAINT `registrations_source` CHECK (`source` IN ('signup', 'walk_in'));--> statement-breakpoint
ALTER TABLE `checkins` ADD `manual_reason` text;--> statement-breakpoint
ALTER TABLE `events` ADD `walk_in_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `registrations_event_phone4` ON `registrations` (`event_id`, substr(`phone`, -4));--> statement-breakpoint
CREATE TABLE `export_audit` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`event_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`what` text NOT NULL,
	`reason` text NOT NULL,
	`row_count` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "export_audit_what" CHECK("export_audit"."what" IN ('registrations', 'checkins'))
);
--> statement-breakpoint
CREATE INDEX `export_audit_agency` ON `export_audit` (`agency_id`, `created_at`);--> statement-breakpoint
CREATE TRIGGER `registrations_walk_in_insert` AFTER INSERT ON `registrations`
  WHEN NEW.`source` = 'walk_in' AND NEW.`status` = 'active'
BEGIN
  UPDATE `events` SET `walk_in_count` = `walk_in_count` + 1 WHERE `id` = NEW.`event_id`;
END;--> statement-breakpoint
CREATE TRIGGER `registrations_walk_in_leave` AFTER UPDATE OF `status` ON `registrations`
  WHEN NEW.`source` = 'walk_in' AND OLD.`status` = 'active' AND NEW.`status` <> 'active'
BEGIN
  UPDATE `events` SET `walk_in_count` = `walk_in_count` - 1 WHERE `id` = OLD.`event_id`;
END;--> statement-breakpoint
CREATE TRIGGER `registrations_walk_in_return` AFTER UPDATE OF `status` ON `registrations`
  WHEN NEW.`source` = 'walk_in' AND OLD.`status` <> 'active' AND NEW.`status` = 'active'
BEGIN
  UPDATE `events` SET `walk_in_count` = `walk_in_count` + 1 WHERE `id` = NEW.`event_id`;
END;
