# frozen_string_literal: true

module Geo
  class {{ n.replicator_class }} < Gitlab::Geo::Replicator
    include ::Geo::BlobReplicatorStrategy
    extend ::Gitlab::Utils::Override

    def self.model
      ::{{ n.model_class }}
    end

    def carrierwave_uploader
      model_record.file
    end
{%- if c.per_type_flag %}

    # Replication is behind the `{{ c.replication_flag }}` feature flag
    # (geo_#{replicable_name}_replication) until it is released
    def self.replication_enabled_by_default?
      false
    end
{%- endif %}

    override :verification_feature_flag_enabled?
    def self.verification_feature_flag_enabled?
      # Verification ships together with replication, so it has no flag of
      # its own: it is off whenever the replication flag is off (see
      # VerifiableReplicator.verification_enabled?)
      true
    end
  end
end
