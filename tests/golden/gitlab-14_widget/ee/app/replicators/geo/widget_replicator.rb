# frozen_string_literal: true

module Geo
  class WidgetReplicator < Gitlab::Geo::Replicator
    include ::Geo::BlobReplicatorStrategy
    extend ::Gitlab::Utils::Override

    def self.model
      ::Widget
    end

    def carrierwave_uploader
      model_record.file
    end

    # Replication is behind the `geo_widget_replication` feature flag
    # (geo_#{replicable_name}_replication) until it is released
    def self.replication_enabled_by_default?
      false
    end

    override :verification_feature_flag_enabled?
    def self.verification_feature_flag_enabled?
      # Verification ships together with replication, so it has no flag of
      # its own: it is off whenever the replication flag is off (see
      # VerifiableReplicator.verification_enabled?)
      true
    end
  end
end
