/// Namespace for the HTML templates built into the binary (see `PackageResources`).
public enum BuiltInTemplates {}
