/**
 * The installed package's top folder. This module sits in dist/src, as the bundles that carry
 * it do (scripts/bundle.mjs), so the top is two folders up from either.
 */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);
