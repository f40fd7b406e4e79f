//! The session handout laid out as PDF chunks: the same sections as its Markdown, in the
//! report's type and table styles, sized to fit one or two pages.

use super::blocks::{h3, para, para_at, section};
use super::flow::Chunk;
use super::table::{Cell, Col, Table};
use super::text::{BODY, SMALL};
use crate::report::handout::Handout;

/// The handout's chunks, in reading order.
pub fn chunks(h: &Handout) -> Vec<Chunk> {
    let mut out = Vec::new();
    out.push(section(&format!("Session handout: {}", h.model), false));
    out.extend(para(&h.heading, BODY.bold()));
    for p in &h.people {
        out.extend(para_at(p, SMALL, 0.0, 2.0));
    }
    out.push(h3("What we worked on"));
    if !h.description.is_empty() {
        out.extend(para(&h.description, BODY));
    }
    let walked = if h.walked.is_empty() {
        "No component or flow was walked through.".to_string()
    } else {
        format!("Walked through: {}.", h.walked.join("; "))
    };
    out.extend(para(&format!("The model: {}. {walked}", h.size), SMALL));

    out.push(h3("What can go wrong: the room's top threats"));
    if h.threats.is_empty() {
        out.extend(para("No threat was voted on or written in this session.", SMALL));
    } else {
        let mut t = Table::new(&[
            Col::new("Threat", 4.0),
            Col::new("On", 2.4),
            Col::new("Votes", 1.8),
            Col::new("Room", 1.6),
            Col::new("Computed", 1.2),
        ]);
        for r in &h.threats {
            t.row(vec![
                Cell::text(r.title.clone(), BODY),
                Cell::text(r.on.clone(), SMALL),
                Cell::text(r.votes.clone(), SMALL),
                Cell::text(r.room.clone(), BODY.bold()),
                Cell::text(r.computed.clone(), SMALL),
            ]);
        }
        out.extend(t.chunks(6.0));
        if h.more_threats > 0 {
            out.extend(para(
                &format!("{} more voted in the full report.", h.more_threats),
                SMALL,
            ));
        }
    }

    out.push(h3("What we are going to do about it"));
    for (title, lines) in &h.notes {
        out.extend(para_at(title, BODY.bold(), 0.0, 2.0));
        if lines.is_empty() {
            out.extend(para_at("None recorded in this session.", SMALL, 8.0, 6.0));
        }
        for (i, l) in lines.iter().enumerate() {
            let gap = if i + 1 == lines.len() { 6.0 } else { 2.0 };
            out.extend(para_at(&format!("• {l}"), BODY, 8.0, gap));
        }
    }

    out.push(h3("Did we do a good job?"));
    for f in &h.facts {
        out.extend(para_at(&format!("• {f}"), BODY, 0.0, 2.0));
    }
    if !h.undiscussed.is_empty() {
        out.extend(para_at(
            "The worst open findings on items not walked through:",
            SMALL,
            0.0,
            2.0,
        ));
        for r in &h.undiscussed {
            out.extend(para_at(
                &format!("• {} — on {} ({})", r.title, r.on, r.computed),
                BODY,
                8.0,
                2.0,
            ));
        }
    }
    out
}
