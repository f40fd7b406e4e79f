//! A small inline-SVG bar chart of open findings by severity, for the executive summary.

use super::escape::xml;
use super::palette;
use super::svg_num::num;
use crate::catalog::Severity;

const WIDTH: f32 = 440.0;
const ROW: f32 = 30.0;
const LABEL_W: f32 = 78.0;
const BAR_MAX: f32 = 300.0;

/// Horizontal bars, one per severity (worst first), scaled to the largest count.
pub fn severity_bars(counts: &[(Severity, usize)]) -> String {
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let height = counts.len() as f32 * ROW + 6.0;
    let described: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {}", s.id())).collect();
    let mut s = format!(
        r#"<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img"><title>Open findings by severity: {}</title>"#,
        xml(&described.join(", ")),
        w = num(WIDTH),
        h = num(height)
    );
    for (i, (sev, n)) in counts.iter().enumerate() {
        let y = 3.0 + i as f32 * ROW;
        let w = if *n == 0 {
            0.0
        } else {
            (*n as f32 / max as f32 * BAR_MAX).max(3.0)
        };
        let color = palette::severity(*sev);
        s.push_str(&format!(
            r#"<text x="0" y="{}" font-size="13" fill="{}">{}</text>"#,
            num(y + 17.0),
            palette::TEXT,
            capitalised(sev.id())
        ));
        s.push_str(&format!(
            r##"<rect x="{LABEL_W}" y="{}" width="{}" height="22" fill="#eef0f3" rx="3"/>"##,
            num(y + 1.0),
            num(BAR_MAX)
        ));
        if w > 0.0 {
            s.push_str(&format!(
                r#"<rect x="{LABEL_W}" y="{}" width="{}" height="22" fill="{color}" rx="3"/>"#,
                num(y + 1.0),
                num(w)
            ));
        }
        s.push_str(&format!(
            r#"<text x="{}" y="{}" font-size="13" font-weight="700" fill="{}">{n}</text>"#,
            num(LABEL_W + BAR_MAX + 10.0),
            num(y + 17.0),
            palette::TEXT
        ));
    }
    s.push_str("</svg>");
    s
}

/// `"critical"` → `"Critical"`.
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_count() {
        let s = severity_bars(&[(Severity::Critical, 2), (Severity::High, 4), (Severity::Low, 0)]);
        assert!(s.contains(r##"width="150" height="22" fill="#d1242f""##), "{s}");
        assert!(s.contains(r##"width="300" height="22" fill="#d9530b""##), "{s}");
        assert!(!s.contains("http"));
    }
}
