# frozen_string_literal: true

module Geo
  class WidgetReplicator < Gitlab::Geo::Replicator
    include ::Geo::BlobReplicatorStrategy

    def self.model
      ::Widget
    end

    # @return [String] human-readable title.
    def self.replicable_title
      s_('Geo|Widget')
    end

    # @return [String] pluralized human-readable title.
    def self.replicable_title_plural
      s_('Geo|Widgets')
    end

    def carrierwave_uploader
      model_record.file
    end
  end
end
