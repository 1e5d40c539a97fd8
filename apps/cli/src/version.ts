/** The product version shown in outputs; kept in step with the root package.json by a test. */
export const PRODUCT_VERSION = '0.1.0';
