"""The build pipeline: document kinds, plan, render, convert, bundle, manifest, the one writer."""
