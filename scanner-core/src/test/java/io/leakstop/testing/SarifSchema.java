package io.leakstop.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Validates a SARIF log against the official SARIF 2.1.0 JSON schema. */
public final class SarifSchema {
  private SarifSchema() {}

  public static List<Error> validate(String sarif) throws IOException {
    try (InputStream schemaText =
        SarifSchema.class.getResourceAsStream("/io/leakstop/report/sarif-schema-2.1.0.json")) {
      Schema schema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schemaText);
      return schema.validate(sarif, InputFormat.JSON);
    }
  }
}
