/** Ports of the two servers Playwright starts: sign-up on, and sign-up off. */
export const E2E_PORT = 3210;
export const E2E_NOSIGNUP_PORT = 3211;
