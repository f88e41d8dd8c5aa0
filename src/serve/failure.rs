//! Error answers in the contract's `Failure` shape:
//! `{"errors":[{"id","status","code","title","detail"}]}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::error::{Error, ErrorKind};

/// One failed request: its status and the one error it reports.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub title: &'static str,
    pub detail: String,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            code,
            title,
            detail: detail.into(),
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Bad Request",
            detail,
        )
    }

    pub fn invalid(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Invalid Request",
            detail,
        )
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "Not Found", detail)
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", "Conflict", detail)
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Internal Server Error",
            detail,
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "user_unauthenticated",
            "Authentication Required",
            "Valid authentication credentials must be provided",
        )
    }
}

/// The shell's errors as API errors: a missing object is 404, a taken name 409, a
/// refused statement or connection 400, anything about the store itself 500.
impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let detail = e.to_string();
        match e.kind {
            ErrorKind::NotFound => ApiError::not_found(detail),
            ErrorKind::AlreadyExists => ApiError::conflict(detail),
            ErrorKind::Statement | ErrorKind::Usage => ApiError::invalid(detail),
            ErrorKind::Config
            | ErrorKind::Connection
            | ErrorKind::Interrupted
            | ErrorKind::OutputClosed => ApiError::internal(detail),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"errors": [{
            "id": super::REQUEST_ID
                .try_with(String::clone)
                .unwrap_or_else(|_| crate::util::new_id()),
            "status": self.status.as_u16().to_string(),
            "code": self.code,
            "title": self.title,
            "detail": self.detail,
        }]});
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(
                    "Basic realm=\"flinksh serve\", error=\"invalid_key\", error_description=\"The API key or secret is wrong\"",
                ),
            );
        }
        response
    }
}

/// Answers for paths and methods the API does not have.
pub async fn no_route() -> ApiError {
    ApiError::not_found(
        "no such endpoint; the API lives under /sql/v1/organizations/{org}/environments/{env}/ (connections, statements)",
    )
}

pub async fn no_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "Method Not Allowed",
        "this endpoint does not take that method",
    )
}
