//! Arithmetic and display of points.
//!
//! Points are rounded to hundredths, the precision a self-assessment form is filled in with,
//! and written with a decimal comma in Vietnamese text (`0,5`).

/// `value` rounded to hundredths.
pub fn round_points(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Points for `achieved` out of `required`: full at or above `required`, in proportion
/// below it, none when `required` is not positive and nothing was achieved.
pub fn proportional(max_points: f64, achieved: f64, required: f64) -> f64 {
    if required <= 0.0 {
        return if achieved > 0.0 { max_points } else { 0.0 };
    }
    round_points(max_points * (achieved / required).min(1.0))
}

/// Vietnamese form of a number of points: `7`, `0,5`, `4,32`.
pub fn format_points(value: f64) -> String {
    let rounded = round_points(value);
    if rounded.fract() == 0.0 {
        return format!("{rounded:.0}");
    }
    let text = format!("{rounded:.2}");
    text.trim_end_matches('0').replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_uses_decimal_comma() {
        assert_eq!(format_points(7.0), "7");
        assert_eq!(format_points(0.5), "0,5");
        assert_eq!(format_points(72.5), "72,5");
        assert_eq!(format_points(4.316_666), "4,32");
        assert_eq!(format_points(0.0), "0");
    }

    #[test]
    fn proportional_caps_at_full_points() {
        assert_eq!(proportional(7.0, 30.0, 60.0), 3.5);
        assert_eq!(proportional(7.0, 90.0, 60.0), 7.0);
        assert_eq!(proportional(3.0, 1.0, 3.0), 1.0);
        assert_eq!(proportional(2.0, 0.0, 0.0), 0.0);
    }
}
