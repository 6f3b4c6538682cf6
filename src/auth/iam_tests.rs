//! The IAM login against small HTTP mocks (mockito): what is sent, what is kept from the
//! answer, and what each refusal becomes. The full flow (a token refused, one new login)
//! runs against the fake API in `tests/auth.rs`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use mockito::{Matcher, Server};
use serde_json::json;

use super::*;
use crate::auth::SecretSink;
use crate::transport::Proxies;

const TOKEN: &str = "iam-Token-0123456789abcdef";

#[test]
fn tokens_url_forms() {
    let u = |s: &str| tokens_url(&Url::parse(s).unwrap()).to_string();
    assert_eq!(
        u("https://iam.eu-de.otc.t-systems.com/v3"),
        "https://iam.eu-de.otc.t-systems.com/v3/auth/tokens"
    );
    assert_eq!(
        u("https://iam.eu-de.otc.t-systems.com:443/v3/"),
        "https://iam.eu-de.otc.t-systems.com/v3/auth/tokens"
    );
    assert_eq!(
        u("https://iam.myhuaweicloud.com"),
        "https://iam.myhuaweicloud.com/v3/auth/tokens"
    );
    assert_eq!(
        u("http://127.0.0.1:8080/v3"),
        "http://127.0.0.1:8080/v3/auth/tokens"
    );
}

fn login_at(server: &Server, scope: Scope) -> PasswordLogin {
    PasswordLogin::new(
        "ci-bot".into(),
        Secret::new("pw-Secret-0123456789"),
        "acme".into(),
        Url::parse(&format!("{}/v3", server.url())).unwrap(),
        scope,
    )
}

/// What a method is handed, and the secrets it reported.
struct Harness {
    http: reqwest::Client,
    on_secret: SecretSink,
    reported: Arc<Mutex<Vec<String>>>,
}

impl Harness {
    fn new() -> Harness {
        let reported = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&reported);
        Harness {
            http: crate::transport::client(&Proxies::default()).unwrap(),
            on_secret: Arc::new(move |s: &Secret| seen.lock().unwrap().push(s.expose().into())),
            reported,
        }
    }

    fn context(&self) -> Context<'_> {
        Context {
            http: &self.http,
            on_secret: &self.on_secret,
            timeout: Duration::from_secs(10),
        }
    }
}

#[tokio::test]
async fn a_login_scoped_by_name_sends_the_password_and_learns_the_project_id() {
    let mut server = Server::new_async().await;
    let iam = server
        .mock("POST", "/v3/auth/tokens")
        .match_body(Matcher::PartialJson(json!({"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": "ci-bot", "password": "pw-Secret-0123456789", "domain": {"name": "acme"}
            }}},
            "scope": {"project": {"name": "eu-de_ci", "domain": {"name": "acme"}}}
        }})))
        .with_status(201)
        .with_header("X-Subject-Token", TOKEN)
        .with_body(r#"{"token":{"project":{"id":"0123abc","name":"eu-de_ci"}}}"#)
        .expect(1)
        .create_async()
        .await;
    let login = login_at(&server, Scope::ProjectName("eu-de_ci".into()));
    let harness = Harness::new();
    assert!(login.finds_project_id());

    login.ready(&harness.context()).await.unwrap();
    let url = Url::parse("https://ecs.example.com/v1/0123abc/jobs/j").unwrap();
    let target = Target {
        method: "GET",
        url: &url,
        project_id: None,
    };
    let authorization = login.authorize(&harness.context(), &target).await.unwrap();

    iam.assert_async().await;
    assert_eq!(login.project_id().await.as_deref(), Some("0123abc"));
    assert_eq!(
        *harness.reported.lock().unwrap(),
        [TOKEN],
        "masked before use"
    );
    let (name, value) = &authorization.headers[0];
    assert_eq!(*name, "X-Auth-Token");
    assert_eq!(value.to_str().unwrap(), TOKEN);
    assert!(value.is_sensitive());
}

#[tokio::test]
async fn a_refused_token_means_one_new_login_and_a_second_refusal_is_final() {
    let mut server = Server::new_async().await;
    let iam = server
        .mock("POST", "/v3/auth/tokens")
        .with_status(201)
        .with_header("X-Subject-Token", TOKEN)
        .expect(2)
        .create_async()
        .await;
    let login = login_at(&server, Scope::ProjectId("p".into()));
    let harness = Harness::new();
    let url = Url::parse("https://ecs.example.com/v1/p/jobs/j").unwrap();
    let target = Target {
        method: "GET",
        url: &url,
        project_id: Some("p"),
    };
    let first = login.authorize(&harness.context(), &target).await.unwrap();
    assert_eq!(login.refused(&first).await, AfterRefusal::Retry);
    let second = login.authorize(&harness.context(), &target).await.unwrap();
    assert_eq!(
        login.refused(&first).await,
        AfterRefusal::Retry,
        "a refusal of the older token is no reason to log in again"
    );
    assert_eq!(login.refused(&second).await, AfterRefusal::GiveUp);
    iam.assert_async().await;
}

#[tokio::test]
async fn a_refused_login_is_rejected_with_a_hint() {
    let mut server = Server::new_async().await;
    server
        .mock("POST", "/v3/auth/tokens")
        .with_status(401)
        .with_body(r#"{"error":{"code":"1101","message":"The username or password is wrong."}}"#)
        .create_async()
        .await;
    let login = login_at(&server, Scope::ProjectId("p".into()));
    let harness = Harness::new();
    let Err(Fault::Rejected(problem)) = login.ready(&harness.context()).await else {
        panic!("a 401 from IAM is final");
    };
    let text = problem.to_string();
    assert!(
        text.starts_with("IAM login refused: 401 Unauthorized from 127.0.0.1: 1101: The username or password is wrong."),
        "{text}"
    );
    assert!(text.ends_with("— check the user name, password and domain (account) name"));
    assert!(harness.reported.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_login_answered_without_a_token_is_rejected() {
    let mut server = Server::new_async().await;
    server
        .mock("POST", "/v3/auth/tokens")
        .with_status(201)
        .with_body("{}")
        .create_async()
        .await;
    let login = login_at(&server, Scope::ProjectId("p".into()));
    let Err(Fault::Rejected(problem)) = login.ready(&Harness::new().context()).await else {
        panic!("no token is no login");
    };
    assert_eq!(
        problem.to_string(),
        "IAM login at 127.0.0.1 answered 201 without an X-Subject-Token header"
    );
}

/// A login that IAM answers with `token` and `body`.
async fn answered(
    server: &mut Server,
    token: &str,
    body: &str,
    scope: Scope,
) -> (Result<(), Fault>, Vec<String>) {
    server
        .mock("POST", "/v3/auth/tokens")
        .with_status(201)
        .with_header("X-Subject-Token", token)
        .with_body(body)
        .create_async()
        .await;
    let login = login_at(server, scope);
    let harness = Harness::new();
    let result = login.ready(&harness.context()).await;
    let reported = harness.reported.lock().unwrap().clone();
    (result, reported)
}

#[tokio::test]
async fn a_token_too_short_to_mask_is_an_iam_error_and_never_reported() {
    let mut server = Server::new_async().await;
    let scope = Scope::ProjectId("p".into());
    let (result, reported) = answered(&mut server, "abc", "{}", scope).await;
    let Err(Fault::Rejected(problem)) = result else {
        panic!("a three-character token is no token: {result:?}");
    };
    assert_eq!(
        problem.to_string(),
        "IAM login at 127.0.0.1 answered a token of 3 characters; no real token is that short, and one that short cannot be masked"
    );
    assert!(
        reported.is_empty(),
        "never masked (::add-mask::abc): {reported:?}"
    );
}

#[tokio::test]
async fn a_project_id_from_iam_is_checked_like_one_given() {
    let by_name = || Scope::ProjectName("eu-de_ci".into());
    for body in [
        r#"{"token":{"project":{"id":"../../admin/x?y="}}}"#,
        r#"{"token":{"project":{"id":"{job_id}"}}}"#,
        r#"{"token":{"project":{"id":""}}}"#,
        r#"{"token":{"project":{"id":7}}}"#,
        r#"{"token":{"project":{"name":"eu-de_ci"}}}"#,
        "{}",
    ] {
        let mut server = Server::new_async().await;
        let (result, _) = answered(&mut server, TOKEN, body, by_name()).await;
        let Err(Fault::Rejected(problem)) = result else {
            panic!("{body}: an IAM error, not a path to request: {result:?}");
        };
        let text = problem.to_string();
        assert!(
            text.starts_with(
                "IAM login at 127.0.0.1 answered no usable project id (token.project.id)"
            ),
            "{body}: {text}"
        );
    }
    // Scoped by id, the project id is already known and IAM's is not needed.
    let mut server = Server::new_async().await;
    let (result, _) = answered(&mut server, TOKEN, "{}", Scope::ProjectId("p".into())).await;
    assert!(result.is_ok(), "{result:?}");
}
