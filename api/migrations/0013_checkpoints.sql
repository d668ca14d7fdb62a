-- Issue 8, part 1: the tour's check-in points (签到点). The entrance stays the `checkins` table (one
-- row per person, what attendance, the dashboard and the evaluation rely on); the stops of the tour
-- and the talk are `checkpoints`, and a person's scan at one of them is a `checkpoint_scans` row
-- (one per point and person, so several devices scanning one ticket count it once). An optional
-- exit scan stamps `exited_at`; "inside now" = checked in − exited. Counts are kept by triggers in
-- the same statement as the scan, like events.checked_in_count (0001), so reading them is free.
CREATE TABLE `checkpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text DEFAULT 'stop' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`images` text DEFAULT '[]' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT 1 NOT NULL,
	`checked_in_count` integer DEFAULT 0 NOT NULL,
	`exited_count` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "checkpoints_kind" CHECK("checkpoints"."kind" IN ('stop', 'talk'))
);
--> statement-breakpoint
CREATE INDEX `checkpoints_event` ON `checkpoints` (`event_id`,`position`);--> statement-breakpoint
CREATE TABLE `checkpoint_scans` (
	`checkpoint_id` text NOT NULL,
	`registration_id` text NOT NULL,
	`event_id` text NOT NULL,
	`source` text NOT NULL,
	`staff_id` text,
	`nonce` text NOT NULL,
	`checked_in_at` text NOT NULL,
	`recorded_at` text NOT NULL,
	`exited_at` text,
	PRIMARY KEY(`checkpoint_id`, `registration_id`),
	FOREIGN KEY (`checkpoint_id`) REFERENCES `checkpoints`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "checkpoint_scans_source" CHECK("checkpoint_scans"."source" IN ('staff', 'self'))
);
--> statement-breakpoint
CREATE INDEX `checkpoint_scans_event` ON `checkpoint_scans` (`event_id`);--> statement-breakpoint
CREATE INDEX `checkpoint_scans_registration` ON `checkpoint_scans` (`registration_id`);--> statement-breakpoint
ALTER TABLE `checkins` ADD `exited_at` text;--> statement-breakpoint
ALTER TABLE `events` ADD `exited_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE TRIGGER `checkpoint_scans_counted_insert` AFTER INSERT ON `checkpoint_scans`
BEGIN
  UPDATE `checkpoints` SET `checked_in_count` = `checked_in_count` + 1 WHERE `id` = NEW.`checkpoint_id`;
END;--> statement-breakpoint
CREATE TRIGGER `checkpoint_scans_counted_exit` AFTER UPDATE OF `exited_at` ON `checkpoint_scans`
  WHEN OLD.`exited_at` IS NULL AND NEW.`exited_at` IS NOT NULL
BEGIN
  UPDATE `checkpoints` SET `exited_count` = `exited_count` + 1 WHERE `id` = NEW.`checkpoint_id`;
END;--> statement-breakpoint
CREATE TRIGGER `checkins_counted_exit` AFTER UPDATE OF `exited_at` ON `checkins`
  WHEN OLD.`exited_at` IS NULL AND NEW.`exited_at` IS NOT NULL
BEGIN
  UPDATE `events` SET `exited_count` = `exited_count` + 1 WHERE `id` = NEW.`event_id`;
END;
