//! The style sheet (the report's, and the app's own rules) and the script,
//! compiled into the binary.

use axum::http::header;
use axum::response::IntoResponse;
use std::sync::LazyLock;

static CSS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{}\n{}",
        gongwen::report::print::html::STYLE,
        include_str!("static/app.css")
    )
});

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        CSS.as_str(),
    )
}

pub async fn js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("static/app.js"),
    )
}
