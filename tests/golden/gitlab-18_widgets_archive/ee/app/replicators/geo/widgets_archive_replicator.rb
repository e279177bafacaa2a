# frozen_string_literal: true

module Geo
  class WidgetsArchiveReplicator < Gitlab::Geo::Replicator
    include ::Geo::BlobReplicatorStrategy

    def self.model
      ::Widgets::Archive
    end

    # @return [String] human-readable title.
    def self.replicable_title
      s_('Geo|Widget Archive')
    end

    # @return [String] pluralized human-readable title.
    def self.replicable_title_plural
      s_('Geo|Widget Archives')
    end

    def carrierwave_uploader
      model_record.file
    end
  end
end
