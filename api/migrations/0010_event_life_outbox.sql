CREATE TABLE `notification_settings` (
	`participant_id` text PRIMARY KEY NOT NULL,
	`sms` integer DEFAULT true NOT NULL,
	`wechat` integer DEFAULT true NOT NULL,
	`muted_kinds` text DEFAULT '[]' NOT NULL,
	`stopped` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`agency_id` text NOT NULL,
	`kind` text NOT NULL,
	`participant_id` text,
	`phone` text,
	`event_id` text,
	`suggestion_id` text,
	`post_id` text,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`channel` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`enqueued_at` text,
	`claimed_at` text,
	`not_before` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`sent_at` text,
	`dead_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_status` ON `outbox` (`status`,`enqueued_at`);--> statement-breakpoint
CREATE INDEX `outbox_participant` ON `outbox` (`participant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_dead` ON `outbox` (`agency_id`,`dead_at`) WHERE "outbox"."status" = 'dead';--> statement-breakpoint
CREATE TABLE `wechat_subscriptions` (
	`participant_id` text NOT NULL,
	`template_id` text NOT NULL,
	`accepts` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`participant_id`, `template_id`),
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `events` ADD `cancel_reason` text;--> statement-breakpoint
ALTER TABLE `events` ADD `cancelled_at` text;--> statement-breakpoint
ALTER TABLE `events` ADD `changed_at` text;--> statement-breakpoint
ALTER TABLE `events` ADD `previous_start_at` text;