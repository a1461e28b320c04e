// The AWS SDK's "Node 22 after January 2027" warning is known (versions are pinned); keep test output readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
