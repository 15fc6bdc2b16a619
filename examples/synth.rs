//! Generate a synthetic IPS data repository (format 1) for benchmarks and manual testing.
//!
//! ```text
//! cargo run --release --example synth -- --agencies 300 --quarters 80 --out DIR [--seed N] [--force]
//! ```
//!
//! The repository spans the `--quarters` quarters ending at 2026-Q3 and is consistent as of
//! 2026-11-24: no date lies after that day, no fidelity review or improvement plan is overdue on
//! it, and every agency has the training and meetings its agreement asks for. Agreements run
//! four-year terms; most are renewed (some with quarterly employer visits from then on), the
//! others end; the visits, steering committees and outcome reviews follow the term, each
//! period's missed now and then (3 in 100). Each agency has one of twelve trainers, who take
//! ten agencies in a row in turn. Agencies start in
//! a quarter drawn uniformly over the span, so there are about agencies * quarters / 2 outcome
//! files. The same arguments always give the same files (a splitmix64 generator seeded per
//! agency); only std is used so the example adds no dependencies.

// A tool of its own: it prints its usage and what it wrote.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use ips::fidelity::scale::ITEMS;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, fs, io, process};

const USAGE: &str = "\
usage: synth --out DIR [--agencies N] [--quarters Q] [--seed N] [--force]

Writes a synthetic IPS data repository (data format 1) into DIR.

  --out DIR       where to write; created if missing, must be empty unless --force
  --agencies N    number of agencies, 1..=99999 (default 300)
  --quarters Q    quarters of outcomes, ending at 2026-Q3, 1..=400 (default 80)
  --seed N        seed of the generator, a u64 (default 1); same seed, same files
  --force         write into a non-empty DIR: first removes DIR/ips.toml, DIR/agencies
                  and DIR/outcomes (nothing else in DIR is touched)
  -h, --help      print this help
";

/// The last quarter with outcomes, and the day the data is consistent as of.
const LAST_YEAR: i32 = 2026;
const LAST_QUARTER: i32 = 3;
const AS_OF: (i32, u32, u32) = (2026, 11, 24);

const FIRST_NAMES: [&str; 24] = [
    "Dana", "Alex", "Maria", "Sam", "Priya", "Jordan", "Lena", "Tomas", "Aisha", "Chris", "Mei",
    "Omar", "Ruth", "Kofi", "Elena", "Noah", "Grace", "Ivan", "Sofia", "Marcus", "Hana", "Leo",
    "Nadia", "Pete",
];
const LAST_NAMES: [&str; 24] = [
    "Lee", "Garcia", "Okafor", "Novak", "Patel", "Smith", "Rossi", "Jansen", "Kim", "Brown",
    "Moreau", "Haddad", "Nguyen", "Fischer", "Silva", "Walsh", "Cohen", "Mensah", "Larsen",
    "Ortiz", "Tanaka", "Murphy", "Dubois", "Kowalski",
];
const PLACES: [&str; 32] = [
    "Riverbend",
    "Ashford",
    "Elmridge",
    "Cedar Falls",
    "Northgate",
    "Millbrook",
    "Stonehaven",
    "Lakeview",
    "Fairmont",
    "Oakdale",
    "Brightwater",
    "Harborview",
    "Kingsley",
    "Maplewood",
    "Redcliff",
    "Silverton",
    "Westbury",
    "Greenfield",
    "Pinecrest",
    "Eastwick",
    "Bayside",
    "Highland",
    "Clearwater",
    "Foxhollow",
    "Summit",
    "Willowmere",
    "Granite Hill",
    "Sunnyvale",
    "Meadowbrook",
    "Ironwood",
    "Bellhaven",
    "Thornbury",
];
const AGENCY_KINDS: [&str; 5] = [
    "Community Mental Health",
    "Behavioral Health",
    "Recovery Services",
    "Counseling Center",
    "Mental Health Center",
];
const JURISDICTION_KINDS: [&str; 4] = ["state", "county", "region", "country"];

fn main() {
    let args = match parse_args(env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return;
        }
        Err(message) => {
            eprintln!("synth: {message}\n\n{USAGE}");
            process::exit(2);
        }
    };
    if let Err(message) = prepare_out(&args) {
        eprintln!("synth: {message}");
        process::exit(2);
    }
    if let Err(err) = generate(&args) {
        eprintln!(
            "synth: cannot write the repository in {}: {err}",
            args.out.display()
        );
        process::exit(1);
    }
}

// ---------------------------------------------------------------------------------------------
// Arguments

/// Public so that a test can include this file as a module and write a repository itself
/// (tests/widths.rs), without a build of the example.
pub struct Args {
    pub out: PathBuf,
    pub agencies: u32,
    pub quarters: u32,
    pub seed: u64,
    pub force: bool,
}

/// `Ok(None)` means help was asked for.
fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut out, mut agencies, mut quarters, mut seed, mut force) = (None, 300, 80, 1, false);
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg, None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--force" if inline.is_none() => force = true,
            "--force" => return Err("--force takes no value".to_string()),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--agencies" => agencies = number(&value("--agencies")?, "--agencies", 1, 99_999)?,
            "--quarters" => quarters = number(&value("--quarters")?, "--quarters", 1, 400)?,
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed wants an unsigned 64-bit integer, got {v:?}"))?;
            }
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    Ok(Some(Args {
        out,
        agencies,
        quarters,
        seed,
        force,
    }))
}

fn number(v: &str, name: &str, min: u32, max: u32) -> Result<u32, String> {
    match v.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "{name} wants a whole number from {min} to {max}, got {v:?}"
        )),
    }
}

/// Refuses a non-empty DIR unless --force, in which case only what we write is removed first,
/// so a regenerated repository never keeps files of an earlier, larger one.
fn prepare_out(args: &Args) -> Result<(), String> {
    let out = &args.out;
    if out.exists() && !out.is_dir() {
        return Err(format!(
            "--out {} exists and is not a directory",
            out.display()
        ));
    }
    let non_empty = out.is_dir()
        && fs::read_dir(out)
            .map_err(|e| format!("cannot read --out {}: {e}", out.display()))?
            .next()
            .is_some();
    if non_empty && !args.force {
        return Err(format!(
            "--out {} is not empty; pass --force to replace its ips.toml, agencies/ and outcomes/",
            out.display()
        ));
    }
    for name in ["agencies", "outcomes"] {
        let path = out.join(name);
        if path.is_dir() {
            fs::remove_dir_all(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    let toml = out.join("ips.toml");
    if toml.exists() {
        fs::remove_file(&toml).map_err(|e| format!("cannot remove {}: {e}", toml.display()))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// A deterministic generator (splitmix64) and calendar dates

struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng.next();
        rng
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }
    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn name(&mut self) -> String {
        format!("{} {}", self.pick(&FIRST_NAMES), self.pick(&LAST_NAMES))
    }
}

/// The learning community's trainers: each takes ten agencies in a row, in turn.
const TRAINERS: [&str; 12] = [
    "Beth Sandoval",
    "Tom Okafor",
    "Kevin Nguyen",
    "Aroha Ngata",
    "Sanne de Vries",
    "Marisol Ortega",
    "Daniel Whitfield",
    "Grace Liu",
    "Samuel Adeyemi",
    "Helen Park",
    "Lucas Moreau",
    "Nadia Haddad",
];

/// A calendar date as days since 1970-01-01.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date(i64);

impl Date {
    // Howard Hinnant's days_from_civil / civil_from_days.
    fn ymd(y: i32, m: u32, d: u32) -> Date {
        let y = i64::from(y) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }
    fn parts(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        ((yoe + era * 400 + i64::from(m <= 2)) as i32, m, d)
    }
    fn days(self, n: i64) -> Date {
        Date(self.0 + n)
    }
    /// Calendar months later (or earlier), the day clamped to the month's last day.
    fn months(self, n: i32) -> Date {
        let (y, m, d) = self.parts();
        let total = y * 12 + (m as i32 - 1) + n;
        let (y2, m2) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        let last = Date::ymd(y2 + i32::from(m2 == 12), m2 % 12 + 1, 1)
            .days(-1)
            .parts()
            .2;
        Date::ymd(y2, m2, d.min(last))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let (y, m, d) = self.parts();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A quarter as year * 4 + (n - 1).
fn quarter_start(q: i32) -> Date {
    Date::ymd(q.div_euclid(4), (q.rem_euclid(4) * 3 + 1) as u32, 1)
}

fn quarter_dir(q: i32) -> String {
    format!("{}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1)
}

/// A TOML basic string (our names never need more than this).
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

// ---------------------------------------------------------------------------------------------
// Writing

struct Writer {
    files: u64,
    bytes: u64,
    outcome_files: u64,
    reviews: u64,
}

impl Writer {
    fn write(&mut self, path: &Path, text: &str) -> io::Result<()> {
        fs::write(path, text)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

fn mkdir(path: &Path) -> io::Result<()> {
    fs::create_dir_all(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

pub fn generate(args: &Args) -> io::Result<()> {
    let started = Instant::now();
    let as_of = Date::ymd(AS_OF.0, AS_OF.1, AS_OF.2);
    let last_q = LAST_YEAR * 4 + LAST_QUARTER - 1;
    let first_q = last_q - args.quarters as i32 + 1;
    let n_jur = ((args.agencies + 6) / 12).max(1);
    let mut w = Writer {
        files: 0,
        bytes: 0,
        outcome_files: 0,
        reviews: 0,
    };

    mkdir(&args.out.join("agencies"))?;
    w.write(&args.out.join("ips.toml"), &ips_toml(n_jur))?;

    // Each agency's first quarter of outcomes, uniform over the span; the first agency starts
    // at the span's start so the repository covers exactly --quarters quarters.
    let mut plan_rng = Rng::new(args.seed, u64::MAX);
    let starts: Vec<i32> = (0..args.agencies)
        .map(|i| {
            if i == 0 {
                first_q
            } else {
                first_q + plan_rng.below(u64::from(args.quarters)) as i32
            }
        })
        .collect();
    let earliest = *starts.iter().min().expect("at least one agency");
    for q in earliest..=last_q {
        mkdir(&args.out.join("outcomes").join(quarter_dir(q)))?;
    }

    let mut next_report = 10; // percent
    for (i, &start_q) in starts.iter().enumerate() {
        let mut rng = Rng::new(args.seed, i as u64);
        let jurisdiction = format!("j{:03}", i as u32 % n_jur + 1);
        let agency = Agency::new(&mut rng, i + 1, jurisdiction, start_q, as_of);
        agency.write(&mut rng, &args.out, last_q, as_of, &mut w)?;
        let percent = (i + 1) * 100 / args.agencies as usize;
        if percent >= next_report {
            let n = args.agencies;
            eprintln!(
                "synth: {percent:3}%  {} of {n} agencies, {} files",
                i + 1,
                w.files
            );
            next_report = percent / 10 * 10 + 10;
        }
    }
    eprintln!(
        "synth: done: {} agencies, {} jurisdictions, {} quarters ({}..{}), {} files \
         ({} outcome files, {} fidelity reviews), {} bytes, {:.2} s -> {}",
        args.agencies,
        n_jur,
        args.quarters,
        quarter_dir(first_q),
        quarter_dir(last_q),
        w.files,
        w.outcome_files,
        w.reviews,
        w.bytes,
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

fn ips_toml(n_jur: u32) -> String {
    let mut s = String::from("format = 1\nname = \"Synthetic IPS Learning Community\"\n");
    for j in 0..n_jur as usize {
        let kind = JURISDICTION_KINDS[j % JURISDICTION_KINDS.len()];
        let place = PLACES[j % PLACES.len()];
        let place = match j / PLACES.len() {
            0 => place.to_string(),
            n => format!("{place} {}", n + 1),
        };
        let name = match kind {
            "state" => format!("State of {place}"),
            "county" => format!("{place} County"),
            "region" => format!("{place} Region"),
            _ => place,
        };
        let _ = write!(
            s,
            "\n[[jurisdictions]]\nid = \"j{:03}\"\nname = {}\nkind = \"{kind}\"\n",
            j + 1,
            quoted(&name)
        );
    }
    s.push_str(
        "\n[fidelity]\nscale = \"ips-25\"\ngood = 100\nmonths_until_good = 6\nmonths_after_good = 12\n\
         baseline_within_months = 3\nplan_within_weeks = 6\n\
         \n[benchmarks]\nminimal = 0.31\naverage = 0.41\nexcellent = 0.50\n\
         \n[report]\nsuppress_below = 11\n",
    );
    s
}

// ---------------------------------------------------------------------------------------------
// One agency

struct Team {
    id: String,
    supervisor: String,
    location: &'static str,
    served: f64,
    rate: f64,
}

struct Review {
    date: Date,
    reviewers: [usize; 2],
    plan: Option<Date>,
    scores: [u8; 25],
}

struct Agency {
    id: String,
    name: String,
    jurisdiction: String,
    start: Date,
    start_q: i32,
    teams: Vec<Team>,
    agreement: Date,
    monthly_visits: bool,
    /// The agreement's terms after the first: (signed, ends, quarterly visits from then on).
    renewals: Vec<(Date, Date, bool)>,
    /// The last day of the first term.
    ends: Date,
    trainer: String,
    signatories: [(&'static str, String, Date); 3],
    /// Three reviewers, then the trainer, with the day each signed confidentiality.
    confidential: Vec<(String, Date)>,
    reviews: Vec<Review>,
}

impl Agency {
    fn new(
        rng: &mut Rng,
        number: usize,
        jurisdiction: String,
        start_q: i32,
        as_of: Date,
    ) -> Agency {
        // Technical assistance starts a month before the first quarter of outcomes, and the
        // baseline review falls in that quarter's first month: outcomes are due from the
        // baseline's quarter on, and each agency reports from it.
        let start = quarter_start(start_q).months(-1);
        let baseline = quarter_start(start_q).days(rng.range(2, 20));
        let signed =
            [rng.range(20, 40), rng.range(20, 40), rng.range(20, 40)].map(|d| start.days(-d));
        let agreement = *signed.iter().max().expect("three signatories");
        let signatories = [
            ("executive-director", rng.name(), signed[0]),
            ("state-mental-health", rng.name(), signed[1]),
            ("state-vocational-rehabilitation", rng.name(), signed[2]),
        ];
        let gap = baseline.0 - agreement.0 - 1;
        // Distinct names: two reviewers of one review must never share a name.
        let mut confidential: Vec<(String, Date)> = Vec::with_capacity(4);
        while confidential.len() < 4 {
            let name = rng.name();
            if confidential.iter().all(|(n, _)| *n != name) {
                confidential.push((name, agreement.days(rng.range(1, gap))));
            }
        }

        let agency_rate = rng.uniform(0.28, 0.55);
        let teams = (1..=rng.range(1, 3))
            .map(|t| Team {
                id: format!("t{t}"),
                supervisor: rng.name(),
                location: rng.pick(&PLACES),
                served: rng.uniform(6.0, 70.0),
                rate: agency_rate + rng.uniform(-0.05, 0.05),
            })
            .collect();

        // Four-year terms; four in five are renewed while the agreement runs, the signature a
        // few weeks before the term ends, one in four of them with quarterly visits from then on.
        let ends = start.months(48).days(-1);
        let mut renewals = Vec::new();
        let mut last = ends;
        while last < as_of.months(12) && rng.chance(0.8) {
            let signed = last.days(-rng.range(10, 60));
            let next = last.days(1).months(48).days(-1);
            renewals.push((signed, next, rng.chance(0.25)));
            last = next;
        }
        Agency {
            id: format!("a{number:04}"),
            renewals,
            ends,
            trainer: TRAINERS[(number - 1) / 10 % TRAINERS.len()].to_string(),
            name: format!("{} {}", rng.pick(&PLACES), rng.pick(&AGENCY_KINDS)),
            jurisdiction,
            start,
            start_q,
            teams,
            agreement,
            monthly_visits: rng.chance(0.5),
            signatories,
            confidential,
            reviews: reviews(rng, baseline, as_of),
        }
    }

    fn write(
        &self,
        rng: &mut Rng,
        out: &Path,
        last_q: i32,
        as_of: Date,
        w: &mut Writer,
    ) -> io::Result<()> {
        let dir = out.join("agencies").join(&self.id);
        mkdir(&dir.join("fidelity"))?;
        w.write(&dir.join("agency.toml"), &self.agency_toml())?;
        w.write(&dir.join("activities.csv"), &self.activities(rng, as_of))?;
        for (n, review) in self.reviews.iter().enumerate() {
            let path = dir.join("fidelity").join(format!("{}.toml", review.date));
            w.write(&path, &self.review_toml(review, n == 0))?;
            w.reviews += 1;
        }
        let file = format!("{}.csv", self.id);
        let outcomes = out.join("outcomes");
        for q in self.start_q..=last_q {
            let text = self.outcomes_csv(rng, q - self.start_q);
            w.write(&outcomes.join(quarter_dir(q)).join(&file), &text)?;
            w.outcome_files += 1;
        }
        Ok(())
    }

    fn agency_toml(&self) -> String {
        let mut s = format!(
            "id = \"{}\"\nname = {}\njurisdiction = \"{}\"\nstart = {}\ntrainer = {}\n",
            self.id,
            quoted(&self.name),
            self.jurisdiction,
            self.start,
            quoted(&self.trainer)
        );
        for t in &self.teams {
            let _ = write!(
                s,
                "\n[[teams]]\nid = \"{}\"\nsupervisor = {}\nlocation = {}\n",
                t.id,
                quoted(&t.supervisor),
                quoted(t.location)
            );
        }
        let visits = if self.monthly_visits {
            "monthly"
        } else {
            "quarterly"
        };
        let _ = write!(
            s,
            "\n[agreement]\nsigned = {}\nends = {}\nemployer_visits = \"{visits}\"\nsignatories = [\n",
            self.agreement, self.ends
        );
        for (role, name, date) in &self.signatories {
            let _ = writeln!(
                s,
                "  {{ role = \"{role}\", name = {}, signed = {date} }},",
                quoted(name)
            );
        }
        s.push_str("]\nconfidentiality = [\n");
        for (name, date) in &self.confidential {
            let _ = writeln!(s, "  {{ name = {}, signed = {date} }},", quoted(name));
        }
        s.push_str("]\n");
        for (signed, ends, quarterly) in &self.renewals {
            let _ = write!(
                s,
                "\n[[agreement.renewals]]\nsigned = {signed}\nends = {ends}\n"
            );
            if *quarterly {
                s.push_str("employer_visits = \"quarterly\"\n");
            }
        }
        s
    }

    /// The last day of the agreement's term.
    fn term_end(&self) -> Date {
        self.renewals.last().map_or(self.ends, |r| r.1)
    }

    /// Whether employer visits are monthly on `day`: the first term's cadence until a renewal
    /// makes them quarterly.
    fn monthly_on(&self, day: Date) -> bool {
        let mut monthly = self.monthly_visits;
        let mut begins = self.ends.days(1);
        for (_, ends, quarterly) in &self.renewals {
            if day >= begins && *quarterly {
                monthly = false;
            }
            begins = ends.days(1);
        }
        monthly
    }

    /// Employer visits at the term's cadence, and a steering committee and an outcomes review
    /// every quarter, each period's missed 3 times in 100, until the term ends.
    fn ongoing<'a>(&self, rng: &mut Rng, rows: &mut Vec<(Date, &'a str, &'a str, &'a str)>) {
        let (y, m, _) = self.start.parts();
        let mut month = Date::ymd(y, m, 1);
        if month < self.start {
            month = month.months(1);
        }
        let end = self.term_end();
        while month.months(1).days(-1) <= end {
            let (_, m, _) = month.parts();
            let middle_of_quarter = m % 3 == 2;
            let day = month.days(rng.range(2, 26));
            if (self.monthly_on(month) || middle_of_quarter) && !rng.chance(0.03) {
                rows.push((day, "employer-visit", "", ""));
            }
            if middle_of_quarter {
                for kind in ["steering-committee", "outcomes-review"] {
                    if !rng.chance(0.03) {
                        rows.push((month.days(rng.range(2, 26)), kind, "", ""));
                    }
                }
            }
            month = month.months(1);
        }
    }

    /// What the agreement asks for in the first year, then a steering committee and an
    /// outcomes review a year, and a fidelity-plan row for each written plan.
    fn activities(&self, rng: &mut Rng, as_of: Date) -> String {
        let mut rows: Vec<(Date, &str, &str, &str)> = Vec::new();
        let s = self.start;
        rows.push((
            s.days(rng.range(3, 12)),
            "training-es",
            "3",
            "employment specialists and IPS supervisor",
        ));
        if rng.chance(0.3) {
            rows.push((
                s.months(4).days(rng.range(0, 20)),
                "training-es",
                "1",
                "refresher for new staff",
            ));
        }
        rows.push((
            s.days(rng.range(10, 40)),
            "training-mh",
            "0.5",
            "mental health practitioners and supervisors",
        ));
        for m in 0..6 {
            rows.push((s.months(m).days(rng.range(5, 25)), "unit-meeting", "", ""));
            rows.push((
                s.months(m).days(rng.range(5, 25)),
                "treatment-team-meeting",
                "",
                "",
            ));
        }
        self.ongoing(rng, &mut rows);
        for plan in self.reviews.iter().filter_map(|r| r.plan) {
            rows.push((plan, "fidelity-plan", "", ""));
        }
        rows.retain(|r| r.0 <= as_of);
        rows.sort_by_key(|r| r.0);
        let mut out = String::from("date,kind,days,note\n");
        for (date, kind, days, note) in rows {
            let _ = writeln!(out, "{date},{kind},{days},{note}");
        }
        out
    }

    fn review_toml(&self, r: &Review, baseline: bool) -> String {
        let mut s = format!(
            "date = {}\nkind = \"{}\"\nscale = \"ips-25\"\nreviewers = [{}, {}]\n",
            r.date,
            if baseline { "baseline" } else { "follow-up" },
            quoted(&self.confidential[r.reviewers[0]].0),
            quoted(&self.confidential[r.reviewers[1]].0)
        );
        if let Some(plan) = r.plan {
            let _ = writeln!(s, "plan = {plan}");
        }
        s.push_str("\n[scores]\n");
        for (item, score) in ITEMS.iter().zip(r.scores) {
            let _ = writeln!(s, "{} = {score}", item.key);
        }
        s
    }

    /// `t` counts quarters since the agency's first: teams grow and improve for a year.
    fn outcomes_csv(&self, rng: &mut Rng, t: i32) -> String {
        let ramp = (f64::from(t + 1) / 4.0).min(1.0);
        let mut s = String::from("team,served,employed,education,job_starts\n");
        for team in &self.teams {
            let served = (team.served * (0.5 + 0.5 * ramp) * rng.uniform(0.85, 1.15))
                .round()
                .clamp(5.0, 80.0) as u32;
            let rate =
                (team.rate - 0.08 * (1.0 - ramp) + rng.uniform(-0.08, 0.08)).clamp(0.05, 0.85);
            let employed = ((f64::from(served) * rate).round() as u32).min(served);
            let education =
                ((f64::from(served) * rng.uniform(0.02, 0.12)).round() as u32).min(served);
            let job_starts = rng.range(0, i64::from(employed / 3)) as u32;
            let _ = writeln!(
                s,
                "{},{served},{employed},{education},{job_starts}",
                team.id
            );
        }
        s
    }
}

/// A baseline, then follow-ups 6 months after a review below good (total < 100) and 12 months
/// after a good one, each up to two weeks early, through `as_of`, so none is ever overdue.
/// Fair agencies climb to good within a few reviews and seldom drop back, which keeps the
/// count near one review a year. Plans follow 3-5 weeks after a review, unless that is after
/// `as_of` (then the plan is not yet due).
fn reviews(rng: &mut Rng, baseline: Date, as_of: Date) -> Vec<Review> {
    let mut scores = [0u8; 25].map(|_| rng.range(1, 5) as u8);
    let mut total = rng.range(62, 96) as i32;
    let mut date = baseline;
    let mut out = Vec::new();
    while date <= as_of {
        set_total(rng, &mut scores, total);
        let first = rng.below(3) as usize;
        let plan = Some(date.days(rng.range(21, 35))).filter(|p| *p <= as_of);
        out.push(Review {
            date,
            reviewers: [first, (first + 1 + rng.below(2) as usize) % 3],
            plan,
            scores,
        });
        let interval = if total >= 100 { 12 } else { 6 };
        date = date.months(interval).days(-rng.range(0, 14));
        total = if rng.chance(0.05) {
            total - rng.range(5, 12) as i32
        } else if total < 100 {
            total + rng.range(4, 14) as i32
        } else {
            total + rng.range(-3, 5) as i32
        };
        total = total.clamp(45, 123);
    }
    out
}

/// Moves random items up or down by one until the 25 scores sum to `total` (25..=125).
fn set_total(rng: &mut Rng, scores: &mut [u8; 25], total: i32) {
    let mut sum: i32 = scores.iter().map(|&s| i32::from(s)).sum();
    while sum != total {
        let item = &mut scores[rng.below(25) as usize];
        if sum < total && *item < 5 {
            *item += 1;
            sum += 1;
        } else if sum > total && *item > 1 {
            *item -= 1;
            sum -= 1;
        }
    }
}
