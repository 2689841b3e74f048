import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { MIN_SECRET_LENGTH, secretProblem } from '../../../core/webhook/notice';

/**
 * The signing secret is never sent anywhere, so "testing" it means checking it is strong enough
 * to sign with: long enough, no stray spaces (NetSuite's API Secret would not have them).
 */
export async function noticeSecretTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = credential.data?.secret;
	const problem = secretProblem(typeof secret === 'string' ? secret : '');
	return problem
		? { status: 'Error', message: problem }
		: { status: 'OK', message: `Secret accepted (at least ${MIN_SECRET_LENGTH} characters)` };
}
