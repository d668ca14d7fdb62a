-- The counters become a Fenwick tree over the Shanghai submission day (docs/metrics.md,
-- "Counters"): day d (2000-01-01 is 1) adds an item to the at most 17 nodes on its update path
-- (shared counterUpdatePath), and any period is the sum of at most 34 nodes per department
-- (shared counterRangeNodes), so a public page reads the same number of rows after ten years as
-- after one day. "Overdue now" leaves the key: the counters keep the open items the daily job has
-- marked overdue for their current deadline (overdue_marked), and the pages add the few past
-- their deadline that it has not marked yet, read off the partial index suggestions_overdue_unmarked.
DROP TRIGGER `suggestion_counters_insert`;--> statement-breakpoint
DROP TRIGGER `suggestion_counters_update`;--> statement-breakpoint
DROP TRIGGER `suggestion_counters_delete`;--> statement-breakpoint
DROP TABLE `suggestion_counters`;--> statement-breakpoint
CREATE TABLE `suggestion_counters` (
	`agency_id` text NOT NULL,
	`node` integer NOT NULL,
	`department_id` text NOT NULL,
	`received` integer NOT NULL,
	`answered` integer NOT NULL,
	`timed_answers` integer NOT NULL,
	`answer_working_days` integer NOT NULL,
	`answered_on_time` integer NOT NULL,
	`overdue_marked` integer NOT NULL,
	`ever_answered` integer NOT NULL,
	`rated` integer NOT NULL,
	`satisfied` integer NOT NULL,
	`reopened` integer NOT NULL,
	`class_a` integer NOT NULL,
	`class_b` integer NOT NULL,
	`class_c` integer NOT NULL,
	`class_d` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `node`, `department_id`)
);
--> statement-breakpoint
CREATE INDEX `suggestion_counters_node` ON `suggestion_counters` (`node`);--> statement-breakpoint
CREATE INDEX `suggestions_overdue_unmarked` ON `suggestions` (`due_at`,`agency_id`,`department_id`,`created_at`) WHERE "suggestions"."status" NOT IN ('answered', 'closed', 'merged') AND ("suggestions"."overdue_at" IS NULL OR "suggestions"."overdue_at" <= "suggestions"."due_at");--> statement-breakpoint
-- As in 0007: the item's contribution is added on insert, taken away on delete, and on an update
-- of a column it depends on the old row's is taken away (alias eo) and the new row's added (en),
-- here along the update path of its day: bit b of (day − 1) clear puts the node
-- ((day − 1) | (2^b − 1)) + 1 on the path. 3 = 基本满意 (shared isSatisfied). Merged items add nothing.
CREATE TRIGGER `suggestion_counters_insert` AFTER INSERT ON `suggestions`
BEGIN
  INSERT INTO `suggestion_counters` (`agency_id`, `node`, `department_id`, `received`, `answered`, `timed_answers`, `answer_working_days`, `answered_on_time`, `overdue_marked`, `ever_answered`, `rated`, `satisfied`, `reopened`, `class_a`, `class_b`, `class_c`, `class_d`)
  SELECT ei.`agency_id`, (((CAST(julianday(date(NEW.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) | ((1 << bits.`b`) - 1)) + 1), coalesce(NEW.`department_id`, ''), 1, CASE WHEN NEW.`status` IN ('answered', 'closed') THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`answer_working_days` IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') THEN coalesce(NEW.`answer_working_days`, 0) ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`due_at` IS NOT NULL AND NEW.`answered_at` <= NEW.`due_at` THEN 1 ELSE 0 END, CASE WHEN NOT (NEW.`status` IN ('answered', 'closed')) AND NEW.`overdue_at` > NEW.`due_at` THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') OR NEW.`reopen_count` > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.`rating` IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.`rating` >= 3 THEN 1 ELSE 0 END, CASE WHEN NEW.`reopen_count` > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'A' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'B' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'C' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'D' THEN 1 ELSE 0 END
  FROM `events` ei, (SELECT `column1` AS `b` FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16))) bits
  WHERE ei.`id` = NEW.`event_id` AND NEW.`status` <> 'merged' AND (((CAST(julianday(date(NEW.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) >> bits.`b`) & 1) = 0
  ON CONFLICT DO UPDATE SET `received` = `received` + excluded.`received`, `answered` = `answered` + excluded.`answered`, `timed_answers` = `timed_answers` + excluded.`timed_answers`, `answer_working_days` = `answer_working_days` + excluded.`answer_working_days`, `answered_on_time` = `answered_on_time` + excluded.`answered_on_time`, `overdue_marked` = `overdue_marked` + excluded.`overdue_marked`, `ever_answered` = `ever_answered` + excluded.`ever_answered`, `rated` = `rated` + excluded.`rated`, `satisfied` = `satisfied` + excluded.`satisfied`, `reopened` = `reopened` + excluded.`reopened`, `class_a` = `class_a` + excluded.`class_a`, `class_b` = `class_b` + excluded.`class_b`, `class_c` = `class_c` + excluded.`class_c`, `class_d` = `class_d` + excluded.`class_d`;
END;--> statement-breakpoint
CREATE TRIGGER `suggestion_counters_update` AFTER UPDATE OF `status`, `department_id`, `answered_at`, `answer_working_days`, `due_at`, `overdue_at`, `rating`, `reopen_count`, `result_class`, `created_at`, `event_id` ON `suggestions`
BEGIN
  INSERT INTO `suggestion_counters` (`agency_id`, `node`, `department_id`, `received`, `answered`, `timed_answers`, `answer_working_days`, `answered_on_time`, `overdue_marked`, `ever_answered`, `rated`, `satisfied`, `reopened`, `class_a`, `class_b`, `class_c`, `class_d`)
  SELECT eo.`agency_id`, (((CAST(julianday(date(OLD.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) | ((1 << bits.`b`) - 1)) + 1), coalesce(OLD.`department_id`, ''), -1, -(CASE WHEN OLD.`status` IN ('answered', 'closed') THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`answer_working_days` IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') THEN coalesce(OLD.`answer_working_days`, 0) ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`due_at` IS NOT NULL AND OLD.`answered_at` <= OLD.`due_at` THEN 1 ELSE 0 END), -(CASE WHEN NOT (OLD.`status` IN ('answered', 'closed')) AND OLD.`overdue_at` > OLD.`due_at` THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') OR OLD.`reopen_count` > 0 THEN 1 ELSE 0 END), -(CASE WHEN OLD.`rating` IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD.`rating` >= 3 THEN 1 ELSE 0 END), -(CASE WHEN OLD.`reopen_count` > 0 THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'A' THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'B' THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'C' THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'D' THEN 1 ELSE 0 END)
  FROM `events` eo, (SELECT `column1` AS `b` FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16))) bits
  WHERE eo.`id` = OLD.`event_id` AND OLD.`status` <> 'merged' AND (((CAST(julianday(date(OLD.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) >> bits.`b`) & 1) = 0
  ON CONFLICT DO UPDATE SET `received` = `received` + excluded.`received`, `answered` = `answered` + excluded.`answered`, `timed_answers` = `timed_answers` + excluded.`timed_answers`, `answer_working_days` = `answer_working_days` + excluded.`answer_working_days`, `answered_on_time` = `answered_on_time` + excluded.`answered_on_time`, `overdue_marked` = `overdue_marked` + excluded.`overdue_marked`, `ever_answered` = `ever_answered` + excluded.`ever_answered`, `rated` = `rated` + excluded.`rated`, `satisfied` = `satisfied` + excluded.`satisfied`, `reopened` = `reopened` + excluded.`reopened`, `class_a` = `class_a` + excluded.`class_a`, `class_b` = `class_b` + excluded.`class_b`, `class_c` = `class_c` + excluded.`class_c`, `class_d` = `class_d` + excluded.`class_d`;
  INSERT INTO `suggestion_counters` (`agency_id`, `node`, `department_id`, `received`, `answered`, `timed_answers`, `answer_working_days`, `answered_on_time`, `overdue_marked`, `ever_answered`, `rated`, `satisfied`, `reopened`, `class_a`, `class_b`, `class_c`, `class_d`)
  SELECT en.`agency_id`, (((CAST(julianday(date(NEW.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) | ((1 << bits.`b`) - 1)) + 1), coalesce(NEW.`department_id`, ''), 1, CASE WHEN NEW.`status` IN ('answered', 'closed') THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`answer_working_days` IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') THEN coalesce(NEW.`answer_working_days`, 0) ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`due_at` IS NOT NULL AND NEW.`answered_at` <= NEW.`due_at` THEN 1 ELSE 0 END, CASE WHEN NOT (NEW.`status` IN ('answered', 'closed')) AND NEW.`overdue_at` > NEW.`due_at` THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') OR NEW.`reopen_count` > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.`rating` IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.`rating` >= 3 THEN 1 ELSE 0 END, CASE WHEN NEW.`reopen_count` > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'A' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'B' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'C' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'D' THEN 1 ELSE 0 END
  FROM `events` en, (SELECT `column1` AS `b` FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16))) bits
  WHERE en.`id` = NEW.`event_id` AND NEW.`status` <> 'merged' AND (((CAST(julianday(date(NEW.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) >> bits.`b`) & 1) = 0
  ON CONFLICT DO UPDATE SET `received` = `received` + excluded.`received`, `answered` = `answered` + excluded.`answered`, `timed_answers` = `timed_answers` + excluded.`timed_answers`, `answer_working_days` = `answer_working_days` + excluded.`answer_working_days`, `answered_on_time` = `answered_on_time` + excluded.`answered_on_time`, `overdue_marked` = `overdue_marked` + excluded.`overdue_marked`, `ever_answered` = `ever_answered` + excluded.`ever_answered`, `rated` = `rated` + excluded.`rated`, `satisfied` = `satisfied` + excluded.`satisfied`, `reopened` = `reopened` + excluded.`reopened`, `class_a` = `class_a` + excluded.`class_a`, `class_b` = `class_b` + excluded.`class_b`, `class_c` = `class_c` + excluded.`class_c`, `class_d` = `class_d` + excluded.`class_d`;
END;--> statement-breakpoint
CREATE TRIGGER `suggestion_counters_delete` AFTER DELETE ON `suggestions`
BEGIN
  INSERT INTO `suggestion_counters` (`agency_id`, `node`, `department_id`, `received`, `answered`, `timed_answers`, `answer_working_days`, `answered_on_time`, `overdue_marked`, `ever_answered`, `rated`, `satisfied`, `reopened`, `class_a`, `class_b`, `class_c`, `class_d`)
  SELECT ed.`agency_id`, (((CAST(julianday(date(OLD.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) | ((1 << bits.`b`) - 1)) + 1), coalesce(OLD.`department_id`, ''), -1, -(CASE WHEN OLD.`status` IN ('answered', 'closed') THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`answer_working_days` IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') THEN coalesce(OLD.`answer_working_days`, 0) ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`due_at` IS NOT NULL AND OLD.`answered_at` <= OLD.`due_at` THEN 1 ELSE 0 END), -(CASE WHEN NOT (OLD.`status` IN ('answered', 'closed')) AND OLD.`overdue_at` > OLD.`due_at` THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') OR OLD.`reopen_count` > 0 THEN 1 ELSE 0 END), -(CASE WHEN OLD.`rating` IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD.`rating` >= 3 THEN 1 ELSE 0 END), -(CASE WHEN OLD.`reopen_count` > 0 THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'A' THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'B' THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'C' THEN 1 ELSE 0 END), -(CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'D' THEN 1 ELSE 0 END)
  FROM `events` ed, (SELECT `column1` AS `b` FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16))) bits
  WHERE ed.`id` = OLD.`event_id` AND OLD.`status` <> 'merged' AND (((CAST(julianday(date(OLD.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) >> bits.`b`) & 1) = 0
  ON CONFLICT DO UPDATE SET `received` = `received` + excluded.`received`, `answered` = `answered` + excluded.`answered`, `timed_answers` = `timed_answers` + excluded.`timed_answers`, `answer_working_days` = `answer_working_days` + excluded.`answer_working_days`, `answered_on_time` = `answered_on_time` + excluded.`answered_on_time`, `overdue_marked` = `overdue_marked` + excluded.`overdue_marked`, `ever_answered` = `ever_answered` + excluded.`ever_answered`, `rated` = `rated` + excluded.`rated`, `satisfied` = `satisfied` + excluded.`satisfied`, `reopened` = `reopened` + excluded.`reopened`, `class_a` = `class_a` + excluded.`class_a`, `class_b` = `class_b` + excluded.`class_b`, `class_c` = `class_c` + excluded.`class_c`, `class_d` = `class_d` + excluded.`class_d`;
END;--> statement-breakpoint
-- The suggestions already there.
INSERT INTO `suggestion_counters` (`agency_id`, `node`, `department_id`, `received`, `answered`, `timed_answers`, `answer_working_days`, `answered_on_time`, `overdue_marked`, `ever_answered`, `rated`, `satisfied`, `reopened`, `class_a`, `class_b`, `class_c`, `class_d`)
SELECT e.`agency_id`, (((CAST(julianday(date(s.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) | ((1 << bits.`b`) - 1)) + 1), coalesce(s.`department_id`, ''),
  count(*),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`answer_working_days` IS NOT NULL THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') THEN coalesce(s.`answer_working_days`, 0) ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`due_at` IS NOT NULL AND s.`answered_at` <= s.`due_at` THEN 1 ELSE 0 END),
  sum(CASE WHEN NOT (s.`status` IN ('answered', 'closed')) AND s.`overdue_at` > s.`due_at` THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') OR s.`reopen_count` > 0 THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`rating` IS NOT NULL THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`rating` >= 3 THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`reopen_count` > 0 THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`result_class` = 'A' THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`result_class` = 'B' THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`result_class` = 'C' THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`result_class` = 'D' THEN 1 ELSE 0 END)
FROM `suggestions` s JOIN `events` e ON e.`id` = s.`event_id`, (SELECT `column1` AS `b` FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16))) bits
WHERE s.`status` <> 'merged' AND (((CAST(julianday(date(s.`created_at`, '+8 hours')) - julianday('2000-01-01') AS INTEGER)) >> bits.`b`) & 1) = 0
GROUP BY 1, 2, 3;
