CREATE TABLE `staff_reminders` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`suggestion_id` text NOT NULL,
	`kind` text NOT NULL,
	`occasion_at` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	`sent_at` text,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`suggestion_id`) REFERENCES `suggestions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_reminders_once` ON `staff_reminders` (`suggestion_id`,`staff_id`,`kind`,`occasion_at`);--> statement-breakpoint
CREATE INDEX `staff_reminders_staff` ON `staff_reminders` (`staff_id`,`read_at`);--> statement-breakpoint
CREATE INDEX `staff_users_agency_role` ON `staff_users` (`agency_id`,`role`);--> statement-breakpoint
CREATE INDEX `suggestions_close_reason` ON `suggestions` (`close_reason`,`closed_at`);