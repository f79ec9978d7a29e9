/** Ports of the two servers Playwright starts (sign-up on, and sign-up off) and of the App Store Connect simulator the first one uses. */
export const E2E_PORT = 3210;
export const E2E_NOSIGNUP_PORT = 3211;
export const E2E_SIM_PORT = 3212;
