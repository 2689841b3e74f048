import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { NetSuiteApiError } from '../../../core/netsuite/errors';
import { netSuiteNodeError } from '../../shared/netsuiteErrors';

const RESTLET_MISSING = new Set(['SSS_INVALID_SCRIPTLET_ID', 'SSS_MISSING_REQD_ARGUMENT']);

/** What to do about a NetSuite error, in the trigger's terms. */
function fixFor(error: NetSuiteApiError, source: string): string | undefined {
	if (error.code && RESTLET_MISSING.has(error.code)) {
		return 'The RESTlet is not deployed under these IDs: upload suitescript/amz_saved_search_restlet.js, create its script record and deployment (suitescript/README.md), then set RESTlet Script ID and Deployment ID under Options.';
	}
	if (error.code === 'UNEXPECTED_RESTLET_RESPONSE') return error.hint;
	if (error.code === 'SAVED_SEARCH_NOT_FOUND') {
		return "Pick the saved search again from the list, and make sure its Audience includes the credential's role.";
	}
	if (error.statusCode === 403 && source === 'savedSearch') {
		return "The credential's role cannot run the RESTlet or the search: add the role to the deployment's Audience and give it the search's record permissions (suitescript/README.md, step 4).";
	}
	if (source === 'restSavedSearch' && (error.statusCode === 400 || error.statusCode === 404)) {
		return `${error.hint ? error.hint + ' ' : ''}This account may not have the REST saved-search API yet: use the source "Saved Search (RESTlet)" instead.`;
	}
	if (source === 'suiteql' && error.statusCode === 400) {
		return 'NetSuite rejected the SuiteQL query: check the field IDs under Field Mapping (a custom field that does not exist is reported as "Field ... was not found"), or the custom query\'s columns.';
	}
	return error.hint;
}

/** Any failure → an n8n error that names the operation, NetSuite's code and the fix. */
export function toNodeError(node: INode, error: unknown, source: string): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof NetSuiteApiError) {
		return netSuiteNodeError(node, error, { description: fixFor(error, source) });
	}
	const message = (error as Error)?.message ?? String(error);
	return new NodeOperationError(node, message);
}
