-- Hand edit after drizzle-kit generate: evaluation_ballots and evaluations are WITHOUT ROWID so
-- that neither keeps an insertion order that could link a ballot to an answer.
CREATE TABLE `agencies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `checkins` (
	`registration_id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`nonce` text NOT NULL,
	`checked_in_at` text NOT NULL,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checkins_event` ON `checkins` (`event_id`);--> statement-breakpoint
CREATE TABLE `evaluation_ballots` (
	`registration_id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`measures` integer NOT NULL,
	`results` integer NOT NULL,
	`procedures` integer NOT NULL,
	`service` integer NOT NULL,
	`conduct` integer NOT NULL,
	`integrity` integer NOT NULL,
	`comment` text,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `evaluations_event` ON `evaluations` (`event_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`title` text NOT NULL,
	`host_unit` text NOT NULL,
	`venue` text NOT NULL,
	`description` text,
	`start_at` text NOT NULL,
	`end_at` text NOT NULL,
	`registration_opens_at` text NOT NULL,
	`registration_closes_at` text NOT NULL,
	`capacity` integer NOT NULL,
	`agenda` text DEFAULT '[]' NOT NULL,
	`target_groups` text DEFAULT '[]' NOT NULL,
	`contact_phone` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`published_at` text,
	`notice_override_reason` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_status_start` ON `events` (`status`,`start_at`);--> statement-breakpoint
CREATE INDEX `events_agency` ON `events` (`agency_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`registration_id` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `participants` (
	`id` text PRIMARY KEY NOT NULL,
	`phone` text,
	`wechat_openid` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_phone_unique` ON `participants` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `participants_wechat_openid_unique` ON `participants` (`wechat_openid`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`category` text NOT NULL,
	`organization` text,
	`status` text DEFAULT 'active' NOT NULL,
	`short_code` text NOT NULL,
	`created_at` text NOT NULL,
	`cancelled_at` text,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_event_phone_active` ON `registrations` (`event_id`,`phone`) WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_short_code` ON `registrations` (`event_id`,`short_code`);--> statement-breakpoint
CREATE INDEX `registrations_event_status` ON `registrations` (`event_id`,`status`);--> statement-breakpoint
CREATE INDEX `registrations_participant` ON `registrations` (`participant_id`);--> statement-breakpoint
CREATE TABLE `sms_codes` (
	`phone` text PRIMARY KEY NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`sent_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff_users` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_users_username_unique` ON `staff_users` (`username`);--> statement-breakpoint
CREATE TABLE `suggestions` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`tracking_code` text NOT NULL,
	`topic` text,
	`content` text NOT NULL,
	`contact` text,
	`anonymous` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`reply` text,
	`replied_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suggestions_tracking_code_unique` ON `suggestions` (`tracking_code`);--> statement-breakpoint
CREATE INDEX `suggestions_event` ON `suggestions` (`event_id`);