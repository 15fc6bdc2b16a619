//! The blank outcomes file a liaison fills in: the template's header and a row per team.

/// data-templates/outcomes.csv, embedded so that an installed ips works anywhere.
pub const TEMPLATE: &str = include_str!("../../data-templates/outcomes.csv");

/// The template's header, then `team,,,,` for each team: counts left blank to be filled in.
pub fn blank_file<'a>(teams: impl IntoIterator<Item = &'a str>) -> String {
    let header = TEMPLATE.lines().next().unwrap_or_default().trim_end();
    let blanks = ",".repeat(header.matches(',').count());
    let mut text = format!("{header}\n");
    for team in teams {
        text.push_str(team);
        text.push_str(&blanks);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_per_team_with_blank_counts() {
        assert_eq!(
            blank_file(["north", "south"]),
            "team,served,employed,education,job_starts\nnorth,,,,\nsouth,,,,\n"
        );
    }

    #[test]
    fn the_template_header_is_the_format_s_columns() {
        let names: Vec<&str> = crate::repo::outcomes_file::COLUMNS
            .iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(blank_file([]), format!("{}\n", names.join(",")));
    }
}
