-- The counters lose the answer day from their key: the working days of each answer are stored on
-- the suggestion by the answer step (answer_working_days, shared calendar) and summed, so a
-- period has days × departments × open deadlines rows however many suggestions there are
-- (docs/metrics.md, "Cost"). Answers recorded before this migration have no working days: they
-- are counted as answered but left out of 平均答复用时 (timed_answers).
DROP TRIGGER `suggestion_counters_insert`;--> statement-breakpoint
DROP TRIGGER `suggestion_counters_update`;--> statement-breakpoint
DROP TRIGGER `suggestion_counters_delete`;--> statement-breakpoint
DROP TABLE `suggestion_counters`;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `answer_working_days` integer;--> statement-breakpoint
CREATE TABLE `suggestion_counters` (
	`agency_id` text NOT NULL,
	`submitted_day` text NOT NULL,
	`department_id` text NOT NULL,
	`open_due_at` text NOT NULL,
	`received` integer NOT NULL,
	`answered` integer NOT NULL,
	`timed_answers` integer NOT NULL,
	`answer_working_days` integer NOT NULL,
	`answered_on_time` integer NOT NULL,
	`ever_answered` integer NOT NULL,
	`rated` integer NOT NULL,
	`satisfied` integer NOT NULL,
	`reopened` integer NOT NULL,
	`class_a` integer NOT NULL,
	`class_b` integer NOT NULL,
	`class_c` integer NOT NULL,
	`class_d` integer NOT NULL,
	PRIMARY KEY(`agency_id`, `submitted_day`, `department_id`, `open_due_at`)
);
--> statement-breakpoint
CREATE INDEX `suggestion_counters_day` ON `suggestion_counters` (`submitted_day`);--> statement-breakpoint
-- As in 0006: the item's contribution is added on insert, taken away on delete, and on an update
-- of a column it depends on the old row's is taken away (alias eo) and the new row's added (en).
-- 3 = 基本满意, the lowest rating counted as satisfied (shared isSatisfied).
CREATE TRIGGER `suggestion_counters_insert` AFTER INSERT ON `suggestions`
BEGIN
  INSERT INTO `suggestion_counters` (`agency_id`, `submitted_day`, `department_id`, `open_due_at`, `received`, `answered`, `timed_answers`, `answer_working_days`, `answered_on_time`, `ever_answered`, `rated`, `satisfied`, `reopened`, `class_a`, `class_b`, `class_c`, `class_d`)
  SELECT ei.`agency_id`, coalesce(date(NEW.`created_at`, '+8 hours'), ''), coalesce(NEW.`department_id`, ''), CASE WHEN NOT (NEW.`status` IN ('answered', 'closed')) AND NEW.`due_at` IS NOT NULL THEN NEW.`due_at` ELSE '' END, 1, CASE WHEN NEW.`status` IN ('answered', 'closed') THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`answer_working_days` IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') THEN coalesce(NEW.`answer_working_days`, 0) ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`due_at` IS NOT NULL AND NEW.`answered_at` <= NEW.`due_at` THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') OR NEW.`reopen_count` > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.`rating` IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.`rating` >= 3 THEN 1 ELSE 0 END, CASE WHEN NEW.`reopen_count` > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'A' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'B' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'C' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'D' THEN 1 ELSE 0 END
  FROM `events` ei WHERE ei.`id` = NEW.`event_id` AND NEW.`status` <> 'merged'
  ON CONFLICT DO UPDATE SET `received` = `received` + excluded.`received`, `answered` = `answered` + excluded.`answered`, `timed_answers` = `timed_answers` + excluded.`timed_answers`, `answer_working_days` = `answer_working_days` + excluded.`answer_working_days`, `answered_on_time` = `answered_on_time` + excluded.`answered_on_time`, `ever_answered` = `ever_answered` + excluded.`ever_answered`, `rated` = `rated` + excluded.`rated`, `satisfied` = `satisfied` + excluded.`satisfied`, `reopened` = `reopened` + excluded.`reopened`, `class_a` = `class_a` + excluded.`class_a`, `class_b` = `class_b` + excluded.`class_b`, `class_c` = `class_c` + excluded.`class_c`, `class_d` = `class_d` + excluded.`class_d`;
END;--> statement-breakpoint
CREATE TRIGGER `suggestion_counters_update` AFTER UPDATE OF `status`, `department_id`, `answered_at`, `answer_working_days`, `due_at`, `rating`, `reopen_count`, `result_class`, `created_at`, `event_id` ON `suggestions`
BEGIN
  INSERT INTO `suggestion_counters` (`agency_id`, `submitted_day`, `department_id`, `open_due_at`, `received`, `answered`, `timed_answers`, `answer_working_days`, `answered_on_time`, `ever_answered`, `rated`, `satisfied`, `reopened`, `class_a`, `class_b`, `class_c`, `class_d`)
  SELECT eo.`agency_id`, coalesce(date(OLD.`created_at`, '+8 hours'), ''), coalesce(OLD.`department_id`, ''), CASE WHEN NOT (OLD.`status` IN ('answered', 'closed')) AND OLD.`due_at` IS NOT NULL THEN OLD.`due_at` ELSE '' END, -1, CASE WHEN OLD.`status` IN ('answered', 'closed') THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`answer_working_days` IS NOT NULL THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') THEN -coalesce(OLD.`answer_working_days`, 0) ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`due_at` IS NOT NULL AND OLD.`answered_at` <= OLD.`due_at` THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') OR OLD.`reopen_count` > 0 THEN -1 ELSE 0 END, CASE WHEN OLD.`rating` IS NOT NULL THEN -1 ELSE 0 END, CASE WHEN OLD.`rating` >= 3 THEN -1 ELSE 0 END, CASE WHEN OLD.`reopen_count` > 0 THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'A' THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'B' THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'C' THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'D' THEN -1 ELSE 0 END
  FROM `events` eo WHERE eo.`id` = OLD.`event_id` AND OLD.`status` <> 'merged'
  ON CONFLICT DO UPDATE SET `received` = `received` + excluded.`received`, `answered` = `answered` + excluded.`answered`, `timed_answers` = `timed_answers` + excluded.`timed_answers`, `answer_working_days` = `answer_working_days` + excluded.`answer_working_days`, `answered_on_time` = `answered_on_time` + excluded.`answered_on_time`, `ever_answered` = `ever_answered` + excluded.`ever_answered`, `rated` = `rated` + excluded.`rated`, `satisfied` = `satisfied` + excluded.`satisfied`, `reopened` = `reopened` + excluded.`reopened`, `class_a` = `class_a` + excluded.`class_a`, `class_b` = `class_b` + excluded.`class_b`, `class_c` = `class_c` + excluded.`class_c`, `class_d` = `class_d` + excluded.`class_d`;
  INSERT INTO `suggestion_counters` (`agency_id`, `submitted_day`, `department_id`, `open_due_at`, `received`, `answered`, `timed_answers`, `answer_working_days`, `answered_on_time`, `ever_answered`, `rated`, `satisfied`, `reopened`, `class_a`, `class_b`, `class_c`, `class_d`)
  SELECT en.`agency_id`, coalesce(date(NEW.`created_at`, '+8 hours'), ''), coalesce(NEW.`department_id`, ''), CASE WHEN NOT (NEW.`status` IN ('answered', 'closed')) AND NEW.`due_at` IS NOT NULL THEN NEW.`due_at` ELSE '' END, 1, CASE WHEN NEW.`status` IN ('answered', 'closed') THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`answer_working_days` IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') THEN coalesce(NEW.`answer_working_days`, 0) ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`due_at` IS NOT NULL AND NEW.`answered_at` <= NEW.`due_at` THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') OR NEW.`reopen_count` > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.`rating` IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.`rating` >= 3 THEN 1 ELSE 0 END, CASE WHEN NEW.`reopen_count` > 0 THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'A' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'B' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'C' THEN 1 ELSE 0 END, CASE WHEN NEW.`status` IN ('answered', 'closed') AND NEW.`result_class` = 'D' THEN 1 ELSE 0 END
  FROM `events` en WHERE en.`id` = NEW.`event_id` AND NEW.`status` <> 'merged'
  ON CONFLICT DO UPDATE SET `received` = `received` + excluded.`received`, `answered` = `answered` + excluded.`answered`, `timed_answers` = `timed_answers` + excluded.`timed_answers`, `answer_working_days` = `answer_working_days` + excluded.`answer_working_days`, `answered_on_time` = `answered_on_time` + excluded.`answered_on_time`, `ever_answered` = `ever_answered` + excluded.`ever_answered`, `rated` = `rated` + excluded.`rated`, `satisfied` = `satisfied` + excluded.`satisfied`, `reopened` = `reopened` + excluded.`reopened`, `class_a` = `class_a` + excluded.`class_a`, `class_b` = `class_b` + excluded.`class_b`, `class_c` = `class_c` + excluded.`class_c`, `class_d` = `class_d` + excluded.`class_d`;
END;--> statement-breakpoint
CREATE TRIGGER `suggestion_counters_delete` AFTER DELETE ON `suggestions`
BEGIN
  INSERT INTO `suggestion_counters` (`agency_id`, `submitted_day`, `department_id`, `open_due_at`, `received`, `answered`, `timed_answers`, `answer_working_days`, `answered_on_time`, `ever_answered`, `rated`, `satisfied`, `reopened`, `class_a`, `class_b`, `class_c`, `class_d`)
  SELECT ed.`agency_id`, coalesce(date(OLD.`created_at`, '+8 hours'), ''), coalesce(OLD.`department_id`, ''), CASE WHEN NOT (OLD.`status` IN ('answered', 'closed')) AND OLD.`due_at` IS NOT NULL THEN OLD.`due_at` ELSE '' END, -1, CASE WHEN OLD.`status` IN ('answered', 'closed') THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`answer_working_days` IS NOT NULL THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') THEN -coalesce(OLD.`answer_working_days`, 0) ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`due_at` IS NOT NULL AND OLD.`answered_at` <= OLD.`due_at` THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') OR OLD.`reopen_count` > 0 THEN -1 ELSE 0 END, CASE WHEN OLD.`rating` IS NOT NULL THEN -1 ELSE 0 END, CASE WHEN OLD.`rating` >= 3 THEN -1 ELSE 0 END, CASE WHEN OLD.`reopen_count` > 0 THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'A' THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'B' THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'C' THEN -1 ELSE 0 END, CASE WHEN OLD.`status` IN ('answered', 'closed') AND OLD.`result_class` = 'D' THEN -1 ELSE 0 END
  FROM `events` ed WHERE ed.`id` = OLD.`event_id` AND OLD.`status` <> 'merged'
  ON CONFLICT DO UPDATE SET `received` = `received` + excluded.`received`, `answered` = `answered` + excluded.`answered`, `timed_answers` = `timed_answers` + excluded.`timed_answers`, `answer_working_days` = `answer_working_days` + excluded.`answer_working_days`, `answered_on_time` = `answered_on_time` + excluded.`answered_on_time`, `ever_answered` = `ever_answered` + excluded.`ever_answered`, `rated` = `rated` + excluded.`rated`, `satisfied` = `satisfied` + excluded.`satisfied`, `reopened` = `reopened` + excluded.`reopened`, `class_a` = `class_a` + excluded.`class_a`, `class_b` = `class_b` + excluded.`class_b`, `class_c` = `class_c` + excluded.`class_c`, `class_d` = `class_d` + excluded.`class_d`;
END;--> statement-breakpoint
-- The suggestions already there.
INSERT INTO `suggestion_counters` (`agency_id`, `submitted_day`, `department_id`, `open_due_at`, `received`, `answered`, `timed_answers`, `answer_working_days`, `answered_on_time`, `ever_answered`, `rated`, `satisfied`, `reopened`, `class_a`, `class_b`, `class_c`, `class_d`)
SELECT e.`agency_id`, coalesce(date(s.`created_at`, '+8 hours'), ''),
  coalesce(s.`department_id`, ''),
  CASE WHEN NOT (s.`status` IN ('answered', 'closed')) AND s.`due_at` IS NOT NULL THEN s.`due_at` ELSE '' END,
  count(*),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`answer_working_days` IS NOT NULL THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') THEN coalesce(s.`answer_working_days`, 0) ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`due_at` IS NOT NULL AND s.`answered_at` <= s.`due_at` THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') OR s.`reopen_count` > 0 THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`rating` IS NOT NULL THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`rating` >= 3 THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`reopen_count` > 0 THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`result_class` = 'A' THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`result_class` = 'B' THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`result_class` = 'C' THEN 1 ELSE 0 END),
  sum(CASE WHEN s.`status` IN ('answered', 'closed') AND s.`result_class` = 'D' THEN 1 ELSE 0 END)
FROM `suggestions` s JOIN `events` e ON e.`id` = s.`event_id`
WHERE s.`status` <> 'merged'
GROUP BY 1, 2, 3, 4;
