-- 动态 (the updates feed): posts of an agency — 活动预告 and 变更通知 written with the event's change,
-- 活动总结, 答复公开 and staff articles. Public reads walk the partial indexes newest first (keyset
-- on published_at, id), so a page reads its rows, not the history. Hand-written (0010 is another
-- branch's): the SQL is what drizzle-kit generates from src/db/schema.ts for this table alone.
CREATE TABLE `posts` (
	`id` text PRIMARY KEY NOT NULL,
	`agency_id` text NOT NULL,
	`kind` text NOT NULL,
	`event_id` text,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`body` text NOT NULL,
	`published_at` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`author_staff_id` text,
	`status` text DEFAULT 'published' NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_staff_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "posts_kind" CHECK("posts"."kind" IN ('preview', 'change', 'summary', 'answers', 'article')),
	CONSTRAINT "posts_status" CHECK("posts"."status" IN ('published', 'withdrawn')),
	CONSTRAINT "posts_summary_length" CHECK(length("posts"."summary") <= 120),
	CONSTRAINT "posts_body_length" CHECK(length("posts"."body") <= 20000)
);
--> statement-breakpoint
CREATE INDEX `posts_agency_feed` ON `posts` (`agency_id`,`published_at`,`id`) WHERE "posts"."status" = 'published';--> statement-breakpoint
CREATE INDEX `posts_feed` ON `posts` (`published_at`,`id`) WHERE "posts"."status" = 'published';--> statement-breakpoint
CREATE INDEX `posts_event` ON `posts` (`event_id`);--> statement-breakpoint
CREATE INDEX `posts_agency` ON `posts` (`agency_id`,`published_at`,`id`);
