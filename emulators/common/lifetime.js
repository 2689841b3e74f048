'use strict';

/**
 * A lifetime (token, signed link) in real seconds when the emulator's clock runs `timeScale` times
 * faster, at least 1 s. The emulators report this value (expires_in, X-Amz-Expires) and enforce
 * the same one, so a client that trusts what it is told never holds a dead token or link.
 */
function scaledLifetime(seconds, timeScale = 1) {
	return Math.max(1, Math.round(seconds / (timeScale > 0 ? timeScale : 1)));
}

module.exports = { scaledLifetime };
