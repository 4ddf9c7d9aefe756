-- What kind of figure a row is (govdocs/figures/kinds.py): count, amount, rate, growth, share,
-- range_low, range_high; the direction of a change; and whether the value is a target (a
-- planned value, not an achieved one). `kind` already says sentence | table.
alter table metrics add column if not exists figure_kind varchar;
alter table metrics add column if not exists direction varchar;
alter table metrics add column if not exists is_target boolean;
