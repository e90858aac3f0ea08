// A real OpenID Connect provider for the single sign-on tests: the certified `oidc-provider` package, on loopback.
// tests/sso/conftest.py starts it on a free port with its configuration in OIDC_TEST_CONFIG (JSON):
//   {"port": 8123, "clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris}],
//    "accounts": {"<login>": {"email": "...", "email_verified": true, "name": "..."}}}
// Its own sign-in page (the package's development interactions) takes a known login and any password. The
// consent step is granted for the configured clients, as a trust's own identity provider does for its own apps.
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG);
const issuer = `http://127.0.0.1:${config.port}`;

const provider = new Provider(issuer, {
  clients: config.clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  claims: { openid: ['sub', 'auth_time'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name', 'roles'] },
  // The scopes' claims in the ID token itself (what the relying party reads), not only from the userinfo endpoint.
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    const account = config.accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...account };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  // PKCE required of every client, confidential ones included (a trust's provider may require it): a sign-in
  // that does not send a code_challenge, or a code exchanged without its verifier, is refused.
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, AuthorizationCode: 600, IdToken: 600 },
});
provider.proxy = false;

const server = provider.listen(config.port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
