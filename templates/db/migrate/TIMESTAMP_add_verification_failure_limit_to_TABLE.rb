# frozen_string_literal: true

class AddVerificationFailureLimitTo{{ table_class }} < {{ c.migration_class }}
  include Gitlab::Database::MigrationHelpers
{% if c.downtime %}
  DOWNTIME = false
{% endif %}
  disable_ddl_transaction!

  CONSTRAINT_NAME = '{{ c.failure_limit_constraint }}'

  def up
    add_text_limit :{{ n.table }}, :verification_failure, 255, constraint_name: CONSTRAINT_NAME
  end

  def down
    remove_check_constraint(:{{ n.table }}, CONSTRAINT_NAME)
  end
end
