-- Issue 8, part 3: invited seats per category, invitations, and approval (审核).
-- Seats are in pools: each category named in `events.quotas` ({"npc_deputy": 5, …}) has a pool of
-- that many reserved seats, and the rest of `capacity` is the 'general' pool. Every active
-- registration holds a seat in exactly one pool (`registrations.seat_pool`); `event_seats` counts
-- the seats taken per pool, kept by triggers in the statement that signs up, cancels or declines
-- (like events.registered_count, 0001), so a sign-up decides its pool inside one INSERT … SELECT.
-- A pool has a free seat exactly when taken < its size (general: capacity − Σ quotas).
ALTER TABLE `events` ADD `quotas` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `requires_approval` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `registrations` ADD `seat_pool` text DEFAULT 'general' NOT NULL;--> statement-breakpoint
ALTER TABLE `registrations` ADD `approval` text;--> statement-breakpoint
ALTER TABLE `registrations` ADD `approval_decided_at` text;--> statement-breakpoint
ALTER TABLE `registrations` ADD `approval_decided_by` text;--> statement-breakpoint
ALTER TABLE `registrations` ADD `decline_reason` text;--> statement-breakpoint
CREATE INDEX `registrations_event_approval` ON `registrations` (`event_id`,`approval`) WHERE `approval` = 'pending';--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`code` text NOT NULL,
	`category` text NOT NULL,
	`max_uses` integer NOT NULL,
	`used_count` integer DEFAULT 0 NOT NULL,
	`expires_at` text NOT NULL,
	`label` text,
	`revoked_at` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "invitations_uses" CHECK("invitations"."used_count" <= "invitations"."max_uses")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_code` ON `invitations` (`code`);--> statement-breakpoint
CREATE INDEX `invitations_event` ON `invitations` (`event_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `registrations` ADD `invitation_id` text REFERENCES invitations(id);--> statement-breakpoint
CREATE TABLE `event_seats` (
	`event_id` text NOT NULL,
	`pool` text NOT NULL,
	`taken` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`event_id`, `pool`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `event_seats` (`event_id`, `pool`, `taken`)
  SELECT `event_id`, `seat_pool`, count(*) FROM `registrations` WHERE `status` = 'active' GROUP BY `event_id`, `seat_pool`;--> statement-breakpoint
CREATE TRIGGER `registrations_seat_insert` AFTER INSERT ON `registrations` WHEN NEW.`status` = 'active'
BEGIN
  INSERT INTO `event_seats` (`event_id`, `pool`, `taken`) VALUES (NEW.`event_id`, NEW.`seat_pool`, 1)
    ON CONFLICT (`event_id`, `pool`) DO UPDATE SET `taken` = `taken` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `registrations_seat_leave` AFTER UPDATE OF `status` ON `registrations`
  WHEN OLD.`status` = 'active' AND NEW.`status` <> 'active'
BEGIN
  UPDATE `event_seats` SET `taken` = `taken` - 1 WHERE `event_id` = OLD.`event_id` AND `pool` = OLD.`seat_pool`;
END;--> statement-breakpoint
CREATE TRIGGER `registrations_seat_return` AFTER UPDATE OF `status` ON `registrations`
  WHEN OLD.`status` <> 'active' AND NEW.`status` = 'active'
BEGIN
  INSERT INTO `event_seats` (`event_id`, `pool`, `taken`) VALUES (NEW.`event_id`, NEW.`seat_pool`, 1)
    ON CONFLICT (`event_id`, `pool`) DO UPDATE SET `taken` = `taken` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `registrations_seat_delete` AFTER DELETE ON `registrations` WHEN OLD.`status` = 'active'
BEGIN
  UPDATE `event_seats` SET `taken` = `taken` - 1 WHERE `event_id` = OLD.`event_id` AND `pool` = OLD.`seat_pool`;
END;--> statement-breakpoint
-- An invitation's use is counted in the statement that signs up with it; the CHECK above refuses
-- a use beyond max_uses even if a caller forgot to test it.
CREATE TRIGGER `registrations_invitation_used` AFTER INSERT ON `registrations` WHEN NEW.`invitation_id` IS NOT NULL
BEGIN
  UPDATE `invitations` SET `used_count` = `used_count` + 1 WHERE `id` = NEW.`invitation_id`;
END;
