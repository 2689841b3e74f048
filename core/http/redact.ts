/**
 * Secrets must never reach logs, errors or node output. Every error message built from a
 * response or request passes through here with the credential's secret values.
 */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		out = out.split(secret).join('[redacted]');
	}
	return out
		.replace(/(oauth_signature=")[^"]*"/g, '$1[redacted]"')
		.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1[redacted]')
		.replace(/(Atz[ar]\|)[^\s"',}]+/g, '$1[redacted]');
}
