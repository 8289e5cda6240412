-- The default public credit evaluation scheme (公共信用综合评价): base 1,000 points, rules from
-- the lists and records of every domain, grade bands A–D with their supervision. Admins change
-- them through the API; these rows are only the starting point.
INSERT INTO "platform"."evaluation_rule" ("code", "description", "fact_kind", "domain", "record_types", "sector", "category", "polarity", "severity", "list_type", "window", "points", "cap", "created_by") VALUES
  ('BLACK_LISTING', '列入严重失信主体名单（黑名单），每个名单扣300分，最多扣600分', 'LISTING', NULL, NULL, NULL, NULL, NULL, NULL, 'BLACK', 'PUBLIC', -300, 600, 'default'),
  ('KEY_ATTENTION_LISTING', '列入重点关注名单，每个名单扣100分，最多扣200分', 'LISTING', NULL, NULL, NULL, NULL, NULL, NULL, 'KEY_ATTENTION', 'PUBLIC', -100, 200, 'default'),
  ('RED_LISTING', '列入守信激励名单（红名单），每个名单加50分，最多加100分', 'LISTING', NULL, NULL, NULL, NULL, NULL, NULL, 'RED', 'PUBLIC', 50, 100, 'default'),
  ('SEVERE_PENALTY', '公示期内的严重行政处罚，每条扣80分，最多扣240分', 'RECORD', 'GOVERNMENT', ARRAY['AdministrativePenalty'], NULL, NULL, NULL, 'SEVERE', NULL, 'PUBLIC', -80, 240, 'default'),
  ('GENERAL_PENALTY', '公示期内的一般行政处罚，每条扣20分，最多扣100分', 'RECORD', 'GOVERNMENT', ARRAY['AdministrativePenalty'], NULL, NULL, NULL, 'GENERAL', NULL, 'PUBLIC', -20, 100, 'default'),
  ('DISHONEST_DEBTOR', '失信被执行人（未移除），每条扣100分，最多扣200分', 'RECORD', 'JUDICIAL', ARRAY['DishonestJudgmentDebtor'], NULL, NULL, NULL, NULL, NULL, 'PUBLIC', -100, 200, 'default'),
  ('SEVERE_SECTOR_RECORD', '公示期内的行业严重失信记录，每条扣60分，最多扣180分', 'RECORD', NULL, ARRAY['GovernmentRecord', 'BusinessRecord', 'SocialRecord', 'JudicialRecord'], NULL, NULL, 'NEGATIVE', 'SEVERE', NULL, 'PUBLIC', -60, 180, 'default'),
  ('GENERAL_SECTOR_RECORD', '公示期内的行业一般失信记录，每条扣15分，最多扣60分', 'RECORD', NULL, ARRAY['GovernmentRecord', 'BusinessRecord', 'SocialRecord', 'JudicialRecord'], NULL, NULL, 'NEGATIVE', 'GENERAL', NULL, 'PUBLIC', -15, 60, 'default'),
  ('WAGE_ARREARS', '未结清的拖欠农民工工资记录，每条扣50分，最多扣150分', 'RECORD', 'SOCIAL', ARRAY['WageArrearsRecord'], NULL, NULL, NULL, NULL, NULL, 'PUBLIC', -50, 150, 'default'),
  ('TAX_GRADE_A', '最近一个评价年度纳税信用A级，加30分', 'RECORD', 'BUSINESS', ARRAY['TaxCreditRating'], NULL, 'A', NULL, NULL, NULL, 'PUBLIC', 30, 30, 'default'),
  ('TAX_GRADE_D', '最近一个评价年度纳税信用D级（不公开，内部可见依据），扣60分', 'RECORD', 'BUSINESS', ARRAY['TaxCreditRating'], NULL, 'D', NULL, NULL, NULL, 'ANY', -60, 60, 'default'),
  ('HONOUR', '公示期内的表彰奖励等守信记录，每条加20分，最多加60分', 'RECORD', NULL, ARRAY['GovernmentRecord', 'BusinessRecord', 'SocialRecord', 'JudicialRecord'], NULL, NULL, 'POSITIVE', NULL, NULL, 'PUBLIC', 20, 60, 'default'),
  ('COMMITMENT_KEPT', '作出并履行信用承诺（未违背），每项加10分，最多加30分', 'RECORD', 'BUSINESS', ARRAY['CreditCommitment'], NULL, NULL, 'POSITIVE', NULL, NULL, 'PUBLIC', 10, 30, 'default'),
  ('ARCHIVED_SEVERE', '已过公示期、五年内的严重失信记录（在档，不公开），每条扣10分，最多扣30分', 'RECORD', NULL, ARRAY['AdministrativePenalty', 'GovernmentRecord', 'BusinessRecord', 'SocialRecord', 'JudicialRecord'], NULL, NULL, 'NEGATIVE', 'SEVERE', NULL, 'ARCHIVED', -10, 30, 'default');
--> statement-breakpoint
INSERT INTO "platform"."evaluation_grade" ("grade", "min_score", "label", "supervision_level", "supervision_label", "inspection_rate_percent") VALUES
  ('A', 1050, '信用优秀', 'LOW', '低频次抽查，无事不扰', 3),
  ('B', 950, '信用良好', 'NORMAL', '常规比例抽查', 5),
  ('C', 800, '信用一般', 'ENHANCED', '提高抽查比例和频次，重点关注', 20),
  ('D', NULL, '信用较差', 'STRICT', '严格监管，列为重点检查对象', 50);
--> statement-breakpoint
INSERT INTO "platform"."partner_recognition_rule" ("result_type", "partner_grade", "list_type", "list_name") VALUES
  ('BLACK_LIST', NULL, 'BLACK', '跨区域失信联合惩戒对象名单'),
  ('KEY_ATTENTION', NULL, 'KEY_ATTENTION', '跨区域重点关注名单'),
  ('RED_LIST', NULL, 'RED', '跨区域守信联合激励名单'),
  ('EVALUATION', 'D', 'KEY_ATTENTION', '跨区域信用评价D级重点关注名单');
