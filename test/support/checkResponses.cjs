/**
 * Every test's API servers check their JSON answers against the schemas the OpenAPI document
 * declares (web/api/support/apiRoute.ts, `checkResponses`): a 2xx body the document does not describe, an
 * error body (4xx, 5xx) that is not the operation's documented Error, or a status the operation
 * does not document is answered 500 with its problems, so the test that caused it fails. Only a
 * test that deliberately makes a server answer wrongly may set the variable to `0` before starting it.
 */
process.env.KANCELEJA_CHECK_RESPONSES ??= '1';
