//! Numbers in SVG output: rounded to a fixed precision and written without a trailing `.0`, so
//! the output is short and the same on every run.

/// `v` rounded to one decimal (`12`, `12.5`, `-3.2`).
pub fn num(v: f32) -> String {
    num_with(v, 10.0)
}

/// `v` rounded to `1 / per_unit` (10 for one decimal, 100 for two).
pub fn num_with(v: f32, per_unit: f32) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let r = (f64::from(v) * f64::from(per_unit)).round() / f64::from(per_unit);
    let s = format!("{r}");
    if s == "-0" { "0".to_owned() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.06), "12.1");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f32::NAN), "0");
        assert_eq!(num_with(1.234_5, 100.0), "1.23");
    }
}
