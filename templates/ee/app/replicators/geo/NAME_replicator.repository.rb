# frozen_string_literal: true

module Geo
  class {{ n.replicator_class }} < Gitlab::Geo::Replicator
    include ::Geo::RepositoryReplicatorStrategy

    def repository
      model_record.repository
    end

    def self.model
      ::{{ n.model_class }}
    end
{%- if c.per_type_flag %}

    # Replication is behind the `{{ c.replication_flag }}` feature flag
    # (geo_#{replicable_name}_replication) until it is released
    def self.replication_enabled_by_default?
      false
    end
{%- endif %}
  end
end
