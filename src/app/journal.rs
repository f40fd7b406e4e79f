//! What the document's last steps touched, by the revision each made: the canvas brings what it
//! keeps between revisions (its placed flows) up to date from it instead of comparing the whole
//! model (issue 15).

use crate::model::Touched;
use std::collections::VecDeque;

/// How many steps are kept: the canvas catches up every frame it is shown, so only a view kept
/// off screen for longer ever needs to start again.
const KEPT: usize = 32;

/// The last steps, oldest first.
#[derive(Debug, Default)]
pub struct Journal {
    steps: VecDeque<(u64, Touched)>,
}

impl Journal {
    /// Records the step that made `revision`.
    pub fn record(&mut self, revision: u64, touched: Touched) {
        self.steps.push_back((revision, touched));
        if self.steps.len() > KEPT {
            self.steps.pop_front();
        }
    }

    /// Forgets every step (another document).
    pub fn clear(&mut self) {
        self.steps.clear();
    }

    /// What the steps from revision `since` to `now` touched, if every one of them is here and
    /// none touched everything.
    pub fn since(&self, since: u64, now: u64) -> Option<Touched> {
        let mut out = Touched::default();
        let mut at = since;
        for (revision, touched) in self.steps.iter().skip_while(|(r, _)| *r <= since) {
            if *revision != at + 1 || touched.everything {
                return None;
            }
            out.extend(touched);
            at = *revision;
        }
        (at == now).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(id: &str) -> Touched {
        Touched {
            elements: [id.into()].into(),
            ..Touched::default()
        }
    }

    #[test]
    fn the_steps_between_two_revisions_add_up_and_a_gap_says_nothing() {
        let mut j = Journal::default();
        j.record(4, step("el-a"));
        j.record(5, step("el-b"));
        assert_eq!(j.since(5, 5), Some(Touched::default()));
        assert_eq!(j.since(4, 5), Some(step("el-b")));
        let both = j.since(3, 5).unwrap();
        assert_eq!(both.elements.len(), 2);
        assert_eq!(j.since(2, 5), None, "revision 3 is not here");
        assert_eq!(j.since(4, 6), None, "revision 6 is not here");
        j.clear();
        assert_eq!(j.since(4, 5), None);
    }
}
