"""Organization and talent profiles: the interchange schema, stored documents, public shapes."""
