//! `ips fidelity plan status [AGENCY]`

use crate::cli::fidelity::PlanStatusArgs;
use crate::commands::{as_of, load};
use crate::error::Result;
use crate::fidelity::improvement::{self, GoalResult};
use crate::filter::Places;
use crate::gate::{self, DATA_ERROR};
use crate::output::{self, Cell, Meta, Table};
use crate::repo::model::{Goal, Plan};
use crate::repo::{AgencyRecord, Needs, Parts, Reviews};
use crate::scale::ITEMS;
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// The stable field names of every format.
const COLUMNS: [&str; 14] = [
    "agency",
    "review",
    "goal",
    "items",
    "action",
    "owner",
    "due",
    "done",
    "status",
    "target",
    "next_review",
    "result",
    "reached",
    "written",
];

/// What the terminal table leaves to the other formats, to fit 100 columns: the goal and the
/// action are what a person reads; `reached` says what `result` details.
const HIDDEN: [&str; 8] = [
    "review",
    "items",
    "owner",
    "done",
    "target",
    "next_review",
    "result",
    "written",
];

pub fn run(repo_flag: Option<&Path>, args: &PlanStatusArgs) -> Result<()> {
    let as_of = as_of(&args.as_of);
    let places = match &args.agency {
        Some(agency) => Places::agencies([agency.as_str()]),
        None => Places::default(),
    };
    let needs = Needs {
        places,
        parts: Parts {
            reviews: Reviews::Full,
            plans: true,
            ..Parts::NONE
        },
        as_of: Some(as_of),
        ..Needs::default()
    };
    let view = args.view.view();
    view.check(&COLUMNS, args.format.format)?;
    let repo = load(repo_flag, &needs)?;
    let verdict = gate::per_agency(&repo, &gate::cannot_compute("the plans' status"))?;
    let mut table = Table::new(&COLUMNS);
    for record in &repo.agencies {
        if verdict.is_broken(&record.folder) {
            let mut cells = vec![Cell::Empty; COLUMNS.len()];
            cells[0] = Cell::text(&*record.folder);
            cells[8] = Cell::status(DATA_ERROR);
            table.push(cells);
            continue;
        }
        for plan in record.plans.iter().filter(|plan| plan.review <= as_of) {
            push_plan(&mut table, record, plan, as_of);
        }
    }
    let table = table
        .hide_in_terminal(&HIDDEN)
        .with_view(view)
        .with_meta(Meta::new(&repo.settings, as_of, []));
    let mut out = std::io::stdout().lock();
    output::render(&table, args.format.format, &mut out)?;
    out.flush()?;
    verdict.finish()
}

/// A row per step of each goal of `plan`; a goal without steps has one row.
fn push_plan(table: &mut Table, record: &AgencyRecord, plan: &Plan, as_of: NaiveDate) {
    let next = improvement::next_review(plan, &record.reviews, as_of);
    for goal in &plan.goals {
        let result = improvement::goal_result(goal, next);
        let goal_cells = |step: [Cell; 5]| {
            let [action, owner, due, done, status] = step;
            let mut cells = vec![
                Cell::text(&*record.folder),
                Cell::Date(plan.review),
                Cell::text(&goal.goal),
                Cell::List(items_of(goal)),
                action,
                owner,
                due,
                done,
                status,
            ];
            cells.extend(result_cells(goal, result.as_ref()));
            cells.push(Cell::date(plan.written.filter(|w| *w <= as_of)));
            cells
        };
        if goal.steps.is_empty() {
            table.push(goal_cells(std::array::from_fn(|_| Cell::Empty)));
        }
        for step in &goal.steps {
            let status = improvement::step_status(step, as_of);
            table.push(goal_cells([
                Cell::text(&step.action),
                Cell::text(&step.owner),
                Cell::Date(step.due),
                Cell::date(step.done.filter(|d| *d <= as_of)),
                Cell::status(status.as_str()),
            ]));
        }
    }
}

fn items_of(goal: &Goal) -> Vec<String> {
    goal.items
        .iter()
        .map(|i| ITEMS[*i].key.to_string())
        .collect()
}

/// target, next_review, result and reached.
fn result_cells(goal: &Goal, result: Option<&GoalResult>) -> [Cell; 4] {
    [
        Cell::count(goal.target.map(u64::from)),
        Cell::date(result.map(|r| r.review)),
        result.map_or(Cell::Empty, |r| {
            Cell::text(improvement::say_scores(&r.scores))
        }),
        Cell::bool(result.and_then(|r| r.reached)),
    ]
}
