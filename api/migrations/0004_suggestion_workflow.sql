CREATE TABLE `departments` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`name` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_agency_name` ON `departments` (`agency_id`,`name`);--> statement-breakpoint
CREATE TABLE `suggestion_trail` (
	`suggestion_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`action` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`actor_role` text,
	`note` text,
	PRIMARY KEY(`suggestion_id`, `seq`),
	FOREIGN KEY (`suggestion_id`) REFERENCES `suggestions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `agencies` ADD `answer_working_days` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `staff_users` ADD `department_id` text REFERENCES departments(id);--> statement-breakpoint
ALTER TABLE `staff_users` ADD `must_change_password` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `public_consent` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `participant_id` text REFERENCES participants(id);--> statement-breakpoint
ALTER TABLE `suggestions` ADD `department_id` text REFERENCES departments(id);--> statement-breakpoint
ALTER TABLE `suggestions` ADD `assignee_id` text REFERENCES staff_users(id);--> statement-breakpoint
ALTER TABLE `suggestions` ADD `assigned_at` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `due_at` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `answer` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `answered_at` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `answered_by` text REFERENCES staff_users(id);--> statement-breakpoint
ALTER TABLE `suggestions` ADD `result_class` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `planned_by` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `published` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `rating` integer;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `rating_comment` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `rated_at` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `reopen_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `close_reason` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `closed_at` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `merged_into_id` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `urge_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `reminded_at` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `overdue_at` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `trail_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `last_action` text DEFAULT 'submit' NOT NULL;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `last_actor_kind` text DEFAULT 'citizen' NOT NULL;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `last_actor_id` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `last_actor_role` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `last_note` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `updated_at` text;--> statement-breakpoint
CREATE INDEX `suggestions_department_due` ON `suggestions` (`department_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `suggestions_status_due` ON `suggestions` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `suggestions_participant` ON `suggestions` (`participant_id`);--> statement-breakpoint
CREATE INDEX `suggestions_contact` ON `suggestions` (`contact`);--> statement-breakpoint
-- Hand-written after drizzle-kit generate: the old reply becomes the answer ('replied' → 'answered',
-- awaiting the citizen's rating), every existing suggestion gets its trail, then the triggers that
-- make the trail complete and append-only.
UPDATE `suggestions` SET `answer` = `reply`, `answered_at` = `replied_at`, `updated_at` = coalesce(`replied_at`, `created_at`),
  `status` = CASE WHEN `status` = 'replied' THEN 'answered' ELSE `status` END,
  `trail_seq` = CASE WHEN `status` = 'replied' THEN 1 ELSE 0 END,
  `last_action` = CASE WHEN `status` = 'replied' THEN 'answer' ELSE 'submit' END,
  `last_actor_kind` = CASE WHEN `status` = 'replied' THEN 'staff' ELSE 'citizen' END;--> statement-breakpoint
INSERT INTO `suggestion_trail` (`suggestion_id`, `seq`, `at`, `action`, `from_state`, `to_state`, `actor_kind`)
  SELECT `id`, 0, `created_at`, 'submit', NULL, 'received', 'citizen' FROM `suggestions`;--> statement-breakpoint
INSERT INTO `suggestion_trail` (`suggestion_id`, `seq`, `at`, `action`, `from_state`, `to_state`, `actor_kind`)
  SELECT `id`, 1, `answered_at`, 'answer', 'received', 'answered', 'staff' FROM `suggestions` WHERE `status` = 'answered';--> statement-breakpoint
CREATE TRIGGER `suggestions_trail_submit` AFTER INSERT ON `suggestions`
BEGIN
  INSERT INTO `suggestion_trail` (`suggestion_id`, `seq`, `at`, `action`, `from_state`, `to_state`, `actor_kind`, `actor_id`, `actor_role`, `note`)
  VALUES (NEW.`id`, NEW.`trail_seq`, NEW.`created_at`, NEW.`last_action`, NULL, NEW.`status`, NEW.`last_actor_kind`, NEW.`last_actor_id`, NEW.`last_actor_role`, NEW.`last_note`);
END;--> statement-breakpoint
CREATE TRIGGER `suggestions_trail_guard` BEFORE UPDATE ON `suggestions`
WHEN NEW.`trail_seq` NOT IN (OLD.`trail_seq`, OLD.`trail_seq` + 1)
  OR (NEW.`status` IS NOT OLD.`status` AND NEW.`trail_seq` = OLD.`trail_seq`)
  OR (NEW.`trail_seq` = OLD.`trail_seq` + 1 AND NEW.`updated_at` IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'suggestion steps go through the trail: trail_seq + 1, last_*, updated_at');
END;--> statement-breakpoint
CREATE TRIGGER `suggestions_trail_step` AFTER UPDATE OF `trail_seq` ON `suggestions`
WHEN NEW.`trail_seq` = OLD.`trail_seq` + 1
BEGIN
  INSERT INTO `suggestion_trail` (`suggestion_id`, `seq`, `at`, `action`, `from_state`, `to_state`, `actor_kind`, `actor_id`, `actor_role`, `note`)
  VALUES (NEW.`id`, NEW.`trail_seq`, NEW.`updated_at`, NEW.`last_action`, OLD.`status`, NEW.`status`, NEW.`last_actor_kind`, NEW.`last_actor_id`, NEW.`last_actor_role`, NEW.`last_note`);
END;--> statement-breakpoint
CREATE TRIGGER `suggestion_trail_no_update` BEFORE UPDATE ON `suggestion_trail`
BEGIN
  SELECT RAISE(ABORT, 'suggestion_trail is append-only');
END;--> statement-breakpoint
CREATE TRIGGER `suggestion_trail_no_delete` BEFORE DELETE ON `suggestion_trail`
BEGIN
  SELECT RAISE(ABORT, 'suggestion_trail is append-only');
END;--> statement-breakpoint
ALTER TABLE `suggestions` DROP COLUMN `reply`;--> statement-breakpoint
ALTER TABLE `suggestions` DROP COLUMN `replied_at`;