//! A token the user already has (`X-Auth-Token`): nothing to do but send it.

use super::{Authorization, BoxFuture, Context, Method, Target, secret_header};
use crate::fault::Fault;
use crate::secret::Secret;

#[derive(Clone, Debug)]
pub struct Token(pub Secret);

impl Method for Token {
    fn name(&self) -> &'static str {
        "token"
    }

    fn authorize<'a>(
        &'a self,
        _cx: &'a Context<'a>,
        _target: &'a Target<'a>,
    ) -> BoxFuture<'a, Result<Authorization, Fault>> {
        let headers = vec![("X-Auth-Token", secret_header(&self.0))];
        Box::pin(async move { Ok(Authorization::headers(headers)) })
    }

    fn unauthorized_hint(&self) -> &'static str {
        "the token was refused: tokens expire after 24 hours and are scoped to one project and region"
    }
}
