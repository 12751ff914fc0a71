/**
 * Every test's API servers check their JSON answers against the schemas the OpenAPI document
 * declares (web/api/apiRoute.ts, `checkResponses`): a 2xx body the document does not describe is
 * answered 500 with its problems, so the test that caused it fails. A test may set the variable
 * to `0` before it starts a server to turn the check off.
 */
process.env.KANCELEJA_CHECK_RESPONSES ??= '1';
